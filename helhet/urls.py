from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from helhet.accounts import views as account_views
from helhet.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", account_views.login, name="account_login"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("helhet.directory.urls")),
    path("", core_views.home, name="home"),
]
