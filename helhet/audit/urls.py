from __future__ import annotations

from django.urls import path

from helhet.audit import views

app_name = "audit"
urlpatterns = [path("", views.audit_search, name="search")]
