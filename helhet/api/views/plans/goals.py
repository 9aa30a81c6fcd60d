"""Goals and their measures."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.api.serializers import plans as s
from helhet.api.serializers.base import PageParams
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.plans.common import CASE_PK
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases.selectors.case import case_read_record
from helhet.plans import services
from helhet.plans.models import Goal, Measure
from helhet.plans.selectors import plan as plan_selectors

# --- goals and measures ------------------------------------------------------------------------


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    list=extend_schema(
        summary="Goals of the plan", responses={200: s.GoalSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(summary="One goal", responses={200: s.GoalSerializer, **ERRORS}),
    create=extend_schema(
        summary="Add a goal",
        request=s.GoalInput,
        responses={201: s.GoalSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a goal",
        description="Only the fields sent change; the others keep their current values.",
        request=s.GoalChangeInput(partial=True),
        responses={200: s.GoalSerializer, **WRITE_ERRORS},
    ),
    measures=extend_schema(
        summary="Add a measure to a goal",
        request=s.MeasureInput,
        responses={201: s.MeasureSerializer, **WRITE_ERRORS},
    ),
)
class GoalViewSet(CaseScopedViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Goal.objects.none()
    serializer_class = s.GoalSerializer

    def _goals(self, case):
        return (
            plan_selectors.goals_with_measures(case=case)
            .select_related("life_area", "responsible_service")
            .prefetch_related(None)
            .prefetch_related(plan_selectors.measures_prefetch())
        )

    def _goal(self, case, pk) -> Goal:
        return plan_selectors.plan_goal_or_404(case=case, goal_pk=pk)

    def list(self, request, case_pk=None):
        self.query(PageParams)
        case = self.record_read("api plan goals")
        return self.page(self._goals(case), s.GoalSerializer)

    def retrieve(self, request, case_pk=None, pk=None):
        case = self.get_case()
        goal = self._goals(case).filter(pk=pk).first()
        if goal is None:
            raise Http404
        case_read_record(read_by=request.user, case=case, purpose="api plan goal")
        return Response(s.GoalSerializer(goal).data)

    def create(self, request, case_pk=None):
        case = self.case_for("work_on_plan")
        data = self.parse(s.GoalInput, case=case)
        goal = services.goal_add(
            case=case,
            added_by=request.user,
            expected_version=data.get("version"),
            **services.values_of(data, services.GOAL_FIELDS),
        )
        return Response(s.GoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, case_pk=None, pk=None):
        case = self.case_for("work_on_plan")
        goal = self._goal(case, pk)
        serializer = s.GoalChangeInput(
            data=request.data, partial=True, context={"request": request, "case": case}
        )
        serializer.is_valid(raise_exception=True)
        # Only what was sent changes; the rest keeps its current value.
        data = {
            **services.values_of(goal, services.GOAL_CHANGE_FIELDS),
            **serializer.validated_data,
        }
        goal = services.goal_change(
            goal=goal,
            changed_by=request.user,
            expected_version=data.get("version"),
            **services.values_of(data, services.GOAL_CHANGE_FIELDS),
        )
        return Response(s.GoalSerializer(goal).data)

    @action(detail=True, methods=["post"])
    def measures(self, request, case_pk=None, pk=None):
        case = self.case_for("work_on_plan")
        goal = self._goal(case, pk)
        data = self.parse(s.MeasureInput, case=case)
        measure = services.measure_add(
            goal=goal,
            added_by=request.user,
            expected_version=data.get("version"),
            **services.values_of(data, services.MEASURE_FIELDS),
        )
        return Response(s.MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    list=extend_schema(
        summary="Measures of the plan",
        parameters=[OpenApiParameter("goal", OpenApiTypes.INT, description="Only this goal's.")],
        responses={200: s.MeasureSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One measure", responses={200: s.MeasureSerializer, **ERRORS}),
    partial_update=extend_schema(
        summary="Change a measure",
        description="Only the fields sent change; the others keep their current values.",
        request=s.MeasureInput(partial=True),
        responses={200: s.MeasureSerializer, **WRITE_ERRORS},
    ),
)
class MeasureViewSet(CaseScopedViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Measure.objects.none()
    serializer_class = s.MeasureSerializer

    def _measures(self, case):
        return plan_selectors.measures_of(case)

    def list(self, request, case_pk=None):
        goal = self.query(s.MeasureQuery).get("goal")
        case = self.record_read("api plan measures")
        measures = self._measures(case)
        if goal:
            measures = measures.filter(goal_id=goal)
        return self.page(measures, s.MeasureSerializer)

    def retrieve(self, request, case_pk=None, pk=None):
        case = self.get_case()
        measure = plan_selectors.plan_measure_or_404(case=case, measure_pk=pk)
        case_read_record(read_by=request.user, case=case, purpose="api plan measure")
        return Response(s.MeasureSerializer(measure).data)

    def partial_update(self, request, case_pk=None, pk=None):
        case = self.case_for("work_on_plan")
        measure = plan_selectors.plan_measure_or_404(case=case, measure_pk=pk)
        serializer = s.MeasureInput(
            data=request.data, partial=True, context={"request": request, "case": case}
        )
        serializer.is_valid(raise_exception=True)
        # A partial serializer leaves out defaults: only what was sent overrides.
        data = {
            **services.values_of(measure, services.MEASURE_FIELDS),
            **serializer.validated_data,
        }
        measure = services.measure_change(
            measure=measure,
            changed_by=request.user,
            expected_version=data.get("version"),
            **services.values_of(data, services.MEASURE_FIELDS),
        )
        return Response(s.MeasureSerializer(measure).data)
