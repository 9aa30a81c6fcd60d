"""The team of a case."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.api.serializers.relay import (
    TeamAddSerializer,
    TeamMemberSerializer,
    TeamRemoveSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.relay.common import (
    CaseListMixin,
    TeamFilters,
    created,
)
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases import services
from helhet.cases.models import TeamMember
from helhet.cases.selectors import case as selectors

# --- team --------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The case's team, present and former members",
        parameters=[TeamFilters(partial=True)],
        responses={200: TeamMemberSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Add a professional to the team",
        description=(
            "For the coordinator, or a leader of the coordinator's service. The service must be "
            "covered by consent or a lawful basis."
        ),
        request=TeamAddSerializer,
        responses={201: TeamMemberSerializer, **WRITE_ERRORS},
    ),
    remove=extend_schema(
        summary="Take a professional off the team",
        request=TeamRemoveSerializer,
        responses={200: TeamMemberSerializer, **WRITE_ERRORS},
    ),
)
class TeamViewSet(CaseListMixin, CaseScopedViewSet):
    serializer_class = TeamMemberSerializer
    filters_class = TeamFilters
    model = TeamMember
    read_purpose = "api team"

    def case_queryset(self, case):
        return selectors.case_team(case=case, active=getattr(self, "filters", {}).get("active"))

    def create(self, request, *args, **kwargs):
        case = self.case_for("lead")
        data = self.parse(TeamAddSerializer, case)
        member = services.team_member_add(
            case=case,
            added_by=request.user,
            professional=data["professional"],
            service=data["service"],
            role_in_case=data["role_in_case"],
            expected_version=data.get("version"),
        )
        return created(TeamMemberSerializer(member).data)

    @action(detail=True, methods=["post"])
    def remove(self, request, *args, **kwargs):
        case = self.case_for("lead")
        member = selectors.case_team_member_or_404(case=case, member_pk=kwargs["pk"])
        data = self.parse(TeamRemoveSerializer)
        member = services.team_member_remove(
            member=member,
            removed_by=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return Response(TeamMemberSerializer(member).data)
