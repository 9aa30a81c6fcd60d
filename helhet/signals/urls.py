from __future__ import annotations

from django.urls import path

from helhet.signals import views

app_name = "signals"

urlpatterns = [
    path("", views.signal_list, name="list"),
    path("import/", views.absence_upload, name="import"),
    path("import/example.csv", views.absence_example, name="example"),
    path("pupils/", views.school_pupils, name="pupils"),
    path("pupils/<int:pk>/", views.contact_teacher_set, name="contact_teacher"),
    path("rules/", views.absence_rules, name="rules"),
    path("rules/new/", views.absence_rule_edit, name="rule_add"),
    path("rules/<int:pk>/", views.absence_rule_edit, name="rule_change"),
    path("<int:pk>/", views.signal_detail, name="detail"),
    path("<int:pk>/dismiss/", views.signal_dismiss, name="dismiss"),
    path("<int:pk>/concern/", views.signal_concern, name="concern"),
]
