"""URLs of the plan and the meetings, under a case. Only opaque ids in paths."""

from __future__ import annotations

from django.urls import path

from helhet.plans.views import meetings, plan

app_name = "plans"
urlpatterns = [
    path("cases/<int:pk>/plan/", plan.plan_detail, name="plan"),
    path("cases/<int:pk>/plan/goals/new/", plan.goal_add, name="goal_add"),
    path("cases/<int:pk>/plan/goals/<int:goal_pk>/", plan.goal_change, name="goal_change"),
    path(
        "cases/<int:pk>/plan/goals/<int:goal_pk>/measures/new/",
        plan.measure_add,
        name="measure_add",
    ),
    path(
        "cases/<int:pk>/plan/measures/<int:measure_pk>/",
        plan.measure_change,
        name="measure_change",
    ),
    path(
        "cases/<int:pk>/plan/evaluation-date/",
        plan.evaluation_schedule,
        name="evaluation_schedule",
    ),
    path("cases/<int:pk>/plan/evaluations/new/", plan.evaluation_record, name="evaluation_record"),
    path("cases/<int:pk>/plan/pdf/", plan.plan_pdf, name="plan_pdf"),
    path("cases/<int:pk>/what-matters/", plan.what_matters, name="what_matters"),
    path("cases/<int:pk>/meetings/", meetings.meeting_list, name="meetings"),
    path("cases/<int:pk>/meetings/new/", meetings.meeting_plan, name="meeting_plan"),
    path("cases/<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting"),
    path(
        "cases/<int:pk>/meetings/<int:meeting_pk>/minutes/",
        meetings.meeting_record,
        name="meeting_record",
    ),
    path(
        "cases/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "cases/<int:pk>/meetings/<int:meeting_pk>/pdf/",
        meetings.meeting_pdf,
        name="meeting_pdf",
    ),
]
