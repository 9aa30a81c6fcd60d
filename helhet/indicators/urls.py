from __future__ import annotations

from django.urls import path

from helhet.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("self-assessment/", views.self_assessments, name="self_assessments"),
    path("self-assessment/export.csv", views.self_assessments_csv, name="self_assessments_csv"),
    path("self-assessment/export.xlsx", views.self_assessments_xlsx, name="self_assessments_xlsx"),
    path("research/", views.research_projects, name="research"),
    path("research/<int:pk>/", views.research_project, name="research_project"),
    path("research/<int:pk>/approve/", views.research_approve, name="research_approve"),
    path("research/<int:pk>/extract/", views.research_extract, name="research_extract"),
    path("research/<int:pk>/end/", views.research_end, name="research_end"),
    path("networks/", views.networks, name="networks"),
    path("networks/<int:pk>/join/", views.network_join, name="network_join"),
    path("networks/<int:pk>/leave/", views.network_leave, name="network_leave"),
    path("networks/<int:pk>/", views.network_comparison, name="comparison"),
    path("networks/<int:pk>/comparison.csv", views.network_comparison_csv, name="comparison_csv"),
    path(
        "networks/<int:pk>/comparison.xlsx",
        views.network_comparison_xlsx,
        name="comparison_xlsx",
    ),
    path("self-assessment/<slug:area>/", views.self_assessment_record, name="self_assessment"),
]
