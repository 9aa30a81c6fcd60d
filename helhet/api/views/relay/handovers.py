"""Handovers of the coordinator role: proposed on a case, answered by the receiver."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.access import policy
from helhet.api.serializers.relay import (
    HandoverAcceptSerializer,
    HandoverProposeSerializer,
    HandoverRejectSerializer,
    HandoverSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.relay.common import (
    CaseListMixin,
    created,
)
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases import services
from helhet.cases.models import Handover
from helhet.cases.selectors import case as selectors

# --- handovers ---------------------------------------------------------------------------------

_HANDOVER_RELATED = (
    "proposed_by__user",
    "from_professional__user",
    "to_professional__user",
    "to_service",
)


@extend_schema_view(
    list=extend_schema(
        summary="The case's handovers of the coordinator role, newest first",
        responses={200: HandoverSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Propose a handover of the coordinator role",
        description=(
            "The coordinator stays until the named receiver accepts. Their service must be "
            "covered by consent or a lawful basis."
        ),
        request=HandoverProposeSerializer,
        responses={201: HandoverSerializer, **WRITE_ERRORS},
    ),
)
class CaseHandoverViewSet(CaseListMixin, CaseScopedViewSet):
    serializer_class = HandoverSerializer
    model = Handover
    read_purpose = "api handovers"

    def case_queryset(self, case):
        return selectors.case_handovers(case=case)

    def create(self, request, *args, **kwargs):
        case = self.case_for("propose_handover")
        data = self.parse(HandoverProposeSerializer, case)
        handover = services.handover_propose(
            case=case,
            proposed_by=request.user,
            to_professional=data["to_professional"],
            to_service=data["to_service"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return created(HandoverSerializer(handover).data)


@extend_schema_view(
    retrieve=extend_schema(
        summary="One handover",
        description="For its named receiver while it waits for an answer, and the case's team.",
        responses={200: HandoverSerializer, **ERRORS},
    ),
    accept=extend_schema(
        summary="Accept the coordinator role",
        description="Only the named receiver, while the handover waits for an answer.",
        request=HandoverAcceptSerializer,
        responses={200: HandoverSerializer, **WRITE_ERRORS},
    ),
    reject=extend_schema(
        summary="Say no to the coordinator role",
        description="Only the named receiver; the reason is shown to the coordinator.",
        request=HandoverRejectSerializer,
        responses={200: HandoverSerializer, **WRITE_ERRORS},
    ),
)
class HandoverViewSet(viewsets.GenericViewSet):
    serializer_class = HandoverSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return Handover.objects.none()  # objects come from the policy, one by id

    def retrieve(self, request, *args, **kwargs):
        handover = selectors.handover_for(fetched_by=request.user, pk=kwargs["pk"])
        data = HandoverSerializer(handover).data
        selectors.handover_read_record(read_by=request.user, handover=handover)
        return Response(data)

    def _answerable(self) -> Handover:
        handover = policy.get_handover_or_404(self.request.user, self.kwargs["pk"])
        policy.require_handover_answerable(self.request.user, handover)
        return handover

    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        handover = self._answerable()
        HandoverAcceptSerializer(data=request.data).is_valid(raise_exception=True)
        handover = services.handover_accept(handover=handover, accepted_by=request.user)
        return Response(HandoverSerializer(handover).data)

    @action(detail=True, methods=["post"])
    def reject(self, request, *args, **kwargs):
        handover = self._answerable()
        serializer = HandoverRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        handover = services.handover_reject(
            handover=handover,
            rejected_by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(HandoverSerializer(handover).data)
