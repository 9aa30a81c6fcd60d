from __future__ import annotations

from django.urls import path

from helhet.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="index"),
    path("new/", views.service_create, name="create"),
    path("<int:pk>/", views.service_detail, name="service"),
    path("<int:pk>/edit/", views.service_edit, name="edit"),
]
