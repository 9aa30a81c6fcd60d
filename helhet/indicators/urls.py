from __future__ import annotations

from django.urls import path

from helhet.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("self-assessment/", views.self_assessments, name="self_assessments"),
    path("self-assessment/<slug:area>/", views.self_assessment_record, name="self_assessment"),
]
