"""URLs for tasks, mounted at ``work/tasks/``. Only opaque ids in paths."""

from __future__ import annotations

from django.urls import path

from helhet.reminders import views

app_name = "reminders"
urlpatterns = [
    path("<int:pk>/done/", views.task_complete, name="task_complete"),
]
