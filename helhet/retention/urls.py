from __future__ import annotations

from django.urls import path

from helhet.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.index, name="index"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:pk>/", views.archived_case, name="archived_case"),
    path("holds/new/", views.hold, name="hold"),
    path("holds/<int:pk>/lift/", views.lift, name="lift"),
]
