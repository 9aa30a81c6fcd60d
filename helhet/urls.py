from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from helhet.accounts import views as account_views
from helhet.api import web as api_web
from helhet.core import views as core_views

# The admin logs in through allauth (password, second factor, throttling), never on its own
# form; and it is for superusers (operators), since it is not filtered by municipality.
admin.site.login = login_required(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("helhet.directory.urls")),
    path("work/tasks/", include("helhet.reminders.urls")),
    path("work/", include("helhet.cases.urls")),
    path("work/", include("helhet.plans.urls")),
    path("audit/", include("helhet.audit.urls")),
    path("api/", include("helhet.api.urls")),
    path("api-tokens/", api_web.tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", api_web.token_revoke_view, name="api_token_revoke"),
    path("", core_views.home, name="home"),
]

handler400 = "helhet.api.errors.bad_request"
handler404 = "helhet.api.errors.not_found"
handler500 = "helhet.api.errors.server_error"
