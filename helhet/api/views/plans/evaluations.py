"""Evaluations of the plan."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.response import Response

from helhet.api.serializers import plans as s
from helhet.api.serializers.base import PageParams
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.plans.common import CASE_PK
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases.selectors.case import case_read_record
from helhet.plans import services
from helhet.plans.models import Evaluation
from helhet.plans.selectors import plan as plan_selectors

# --- evaluations -------------------------------------------------------------------------------


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    list=extend_schema(
        summary="Evaluations of the plan",
        responses={200: s.EvaluationSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One evaluation", responses={200: s.EvaluationSerializer, **ERRORS}
    ),
    create=extend_schema(
        summary="Record an evaluation",
        description=(
            "What worked, what did not and what next, the 0–10 scales, and what the child says "
            "(or why the child was not asked). Sets the next evaluation date (none after a final "
            "evaluation)."
        ),
        request=s.EvaluationInput,
        responses={201: s.EvaluationSerializer, **WRITE_ERRORS},
    ),
)
class EvaluationViewSet(CaseScopedViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Evaluation.objects.none()
    serializer_class = s.EvaluationSerializer

    def _evaluations(self, case):
        return plan_selectors.evaluations_of(case)

    def list(self, request, case_pk=None):
        self.query(PageParams)
        case = self.record_read("api plan evaluations")
        return self.page(self._evaluations(case), s.EvaluationSerializer)

    def retrieve(self, request, case_pk=None, pk=None):
        case = self.get_case()
        evaluation = self._evaluations(case).filter(pk=pk).first()
        if evaluation is None:
            raise Http404
        case_read_record(read_by=request.user, case=case, purpose="api plan evaluation")
        return Response(s.EvaluationSerializer(evaluation).data)

    def create(self, request, case_pk=None):
        case = self.case_for("work_on_plan")
        data = self.parse(s.EvaluationInput)
        evaluation = services.evaluation_record(
            case=case,
            recorded_by=request.user,
            **services.values_of(data, services.EVALUATION_FIELDS),
            expected_version=data.get("version"),
        )
        return Response(s.EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)
