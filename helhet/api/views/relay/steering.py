"""The level of a case and closing it."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.api.serializers.cases import CaseSerializer
from helhet.api.serializers.relay import (
    CaseCloseSerializer,
    LevelChangeSerializer,
)
from helhet.api.views.base import WRITE_ERRORS
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases import services
from helhet.cases.models import Case
from helhet.cases.selectors import case as case_selectors

# --- level and closing -------------------------------------------------------------------------


@extend_schema_view(
    level=extend_schema(
        summary="Change the case's level",
        description="For the coordinator, or a leader of the coordinator's service.",
        request=LevelChangeSerializer,
        responses={200: CaseSerializer, **WRITE_ERRORS},
    ),
    close=extend_schema(
        summary="Close the case",
        description=(
            "For the coordinator, or a leader of the coordinator's service. Refused while a "
            "handover waits for an answer, or while the plan lacks its final evaluation."
        ),
        request=CaseCloseSerializer,
        responses={200: CaseSerializer, **WRITE_ERRORS},
    ),
)
class CaseSteeringViewSet(CaseScopedViewSet):
    serializer_class = CaseSerializer
    model = Case

    def case_queryset(self, case):
        return case_selectors.case_queryset(case)

    @action(detail=False, methods=["post"])
    def level(self, request, *args, **kwargs):
        case = self.case_for("lead")
        data = self.parse(LevelChangeSerializer, case)
        case = services.case_change_level(
            case=case,
            changed_by=request.user,
            level=data["level"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(CaseSerializer(case).data)

    @action(detail=False, methods=["post"])
    def close(self, request, *args, **kwargs):
        case = self.case_for("lead")
        data = self.parse(CaseCloseSerializer)
        case = services.case_close(
            case=case,
            closed_by=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(CaseSerializer(case).data)
