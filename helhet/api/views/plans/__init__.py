"""The plan of a case (goals, measures, evaluations, the evaluation date) and the team's
meetings, over the same services and selectors as the plan pages.

Whoever may see the case reads its plan and meetings; the active team of an open case works on
them (``policy.can_work_on_plan``). Forbidden and missing are both 404. Every read of the
child's data is audited; every write is audited, logged and snapshotted by its service.
"""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import SimpleRouter

from helhet.api.views.plans.common import CASE
from helhet.api.views.plans.evaluations import EvaluationViewSet
from helhet.api.views.plans.goals import GoalViewSet, MeasureViewSet
from helhet.api.views.plans.meetings import MeetingViewSet
from helhet.api.views.plans.plan import PdfRenderer, PlanViewSet

router = SimpleRouter()
router.register(f"{CASE}/goals", GoalViewSet, basename="plan-goal")
router.register(f"{CASE}/measures", MeasureViewSet, basename="plan-measure")
router.register(f"{CASE}/evaluations", EvaluationViewSet, basename="plan-evaluation")
router.register(f"{CASE}/meetings", MeetingViewSet, basename="meeting")
urlpatterns = [
    path("cases/<int:case_pk>/plan/", PlanViewSet.as_view({"get": "plan"}), name="plan"),
    path(
        "cases/<int:case_pk>/plan/evaluation-date/",
        PlanViewSet.as_view({"post": "evaluation_date"}),
        name="plan-evaluation-date",
    ),
    path(
        "cases/<int:case_pk>/plan/pdf/",
        PlanViewSet.as_view({"get": "pdf"}, renderer_classes=[PdfRenderer]),
        name="plan-pdf",
    ),
    *router.urls,
]
