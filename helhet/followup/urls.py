from __future__ import annotations

from django.urls import path

from helhet.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.register, name="register"),
    path("import/", views.register_import, name="import"),
    path("counts/", views.counts, name="counts"),
    path("counts.csv", views.counts_csv, name="counts_csv"),
    path("counts.xlsx", views.counts_xlsx, name="counts_xlsx"),
    path("<int:pk>/", views.follow_up, name="detail"),
    path("<int:pk>/status/", views.status_change, name="status"),
    path("<int:pk>/contacts/", views.contact_add, name="contact"),
    path("<int:pk>/measures/", views.measure_offer, name="measure"),
    path("<int:pk>/measures/<int:measure_pk>/", views.measure_outcome, name="measure_outcome"),
    path("<int:pk>/counsellor/", views.counsellor_take, name="counsellor"),
    path("<int:pk>/concern/", views.concern, name="concern"),
]
