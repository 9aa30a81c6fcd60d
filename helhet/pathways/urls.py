from __future__ import annotations

from django.urls import path

from helhet.pathways import views

app_name = "pathways"

urlpatterns = [
    path("start/<int:signal_pk>/", views.pathway_start, name="start"),
    path("start/concern/<int:concern_pk>/", views.pathway_start_on_concern, name="start_concern"),
    path("start/case/<int:case_pk>/", views.pathway_start_on_case, name="start_case"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>.json", views.template_export, name="template_export"),
    path("<int:pk>/", views.pathway_detail, name="detail"),
    path("<int:pk>/steps/<int:step_pk>/done/", views.step_done, name="step_done"),
    path("<int:pk>/stop/", views.pathway_stop, name="stop"),
]
