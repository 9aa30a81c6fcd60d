from __future__ import annotations

from django.urls import path

from helhet.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("groups/new/", views.group_new, name="group_new"),
    path("import/", views.class_list_import, name="import"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.csv", views.overview_csv, name="overview_csv"),
    path("overview/export.xlsx", views.overview_xlsx, name="overview_xlsx"),
    path("groups/<int:pk>/", views.group_detail, name="group"),
    path("groups/<int:pk>/children/", views.child_add, name="child_add"),
    path(
        "groups/<int:pk>/children/<int:child_pk>/remove/",
        views.child_remove,
        name="child_remove",
    ),
    path("groups/<int:pk>/staff/", views.staff_add, name="staff_add"),
    path(
        "groups/<int:pk>/staff/<int:professional_pk>/remove/",
        views.staff_remove,
        name="staff_remove",
    ),
    path("groups/<int:pk>/rounds/", views.round_open, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/ratings/", views.ratings_save, name="ratings"),
    path("rounds/<int:pk>/informed/", views.parents_informed, name="informed"),
    path("rounds/<int:pk>/close/", views.round_close, name="close"),
    path("talks/<int:pk>/", views.talk_record, name="talk"),
    path("talks/<int:pk>/concern/", views.concern, name="concern"),
]
