from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from helhet.accounts import views as account_views
from helhet.accounts.admin_site import harden_admin_site
from helhet.api import web as api_web
from helhet.core import views as core_views

# The admin logs in through allauth (password, second factor, throttling), never on its own
# form; and it is for superusers (operators) only, since it is not filtered by municipality.
harden_admin_site(admin.site)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("help/terms/", core_views.terms, name="terms"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", account_views.login, name="account_login"),
    path(
        "accounts/session/keepalive/",
        account_views.session_keepalive,
        name="session_keepalive",
    ),
    path("accounts/sso/code/", account_views.sso_code, name="sso_code"),
    path("accounts/sso/<slug:provider>/", account_views.sso_login, name="sso_login"),
    path(
        "accounts/sso/<slug:provider>/callback/",
        account_views.sso_callback,
        name="sso_callback",
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("helhet.directory.urls")),
    path("work/tasks/", include("helhet.reminders.urls")),
    path("work/signals/", include("helhet.signals.urls")),
    path("work/pathways/", include("helhet.pathways.urls")),
    path("work/follow-up/", include("helhet.followup.urls")),
    path("work/screening/", include("helhet.screening.urls")),
    path("work/indicators/", include("helhet.indicators.urls")),
    path("work/administration/", include("helhet.administration.urls")),
    path("work/retention/", include("helhet.retention.urls")),
    path("work/", include("helhet.cases.urls")),
    path("work/", include("helhet.plans.urls")),
    path("audit/", include("helhet.audit.urls")),
    path("portal/", include("helhet.portal.urls")),
    path("api/", include("helhet.api.urls")),
    path("api-tokens/", api_web.tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", api_web.token_revoke_view, name="api_token_revoke"),
    path("", core_views.home, name="home"),
]

handler400 = "helhet.api.errors.bad_request"
handler404 = "helhet.api.errors.not_found"
handler500 = "helhet.api.errors.server_error"
