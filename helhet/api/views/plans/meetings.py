"""Meetings: planned, recorded with decisions, cancelled."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
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
from helhet.core.errors import DomainError
from helhet.plans import services
from helhet.plans.models import Meeting
from helhet.plans.selectors import meetings as meeting_selectors

# --- meetings ----------------------------------------------------------------------------------


@extend_schema(parameters=[CASE_PK])
@extend_schema_view(
    list=extend_schema(
        summary="Meetings of the case", responses={200: s.MeetingSerializer(many=True), **ERRORS}
    ),
    retrieve=extend_schema(
        summary="One meeting, with its minutes and decisions",
        responses={200: s.MeetingDetailSerializer, **ERRORS},
    ),
    create=extend_schema(
        summary="Plan a meeting",
        request=s.MeetingInput,
        responses={201: s.MeetingDetailSerializer, **WRITE_ERRORS},
    ),
    minutes=extend_schema(
        summary="Record the minutes of a meeting",
        description=(
            "The summary goes to the log; each decision becomes a measure of the plan (give "
            "`goal`) or a task of the responsible person. A refused decision is reported on "
            "`decisions.<index>`; nothing is saved."
        ),
        request=s.MinutesInput,
        responses={200: s.MeetingDetailSerializer, **WRITE_ERRORS},
    ),
    cancel=extend_schema(
        summary="Cancel a planned meeting",
        request=s.CancelInput,
        responses={200: s.MeetingDetailSerializer, **WRITE_ERRORS},
    ),
)
class MeetingViewSet(CaseScopedViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Meeting.objects.none()
    serializer_class = s.MeetingSerializer

    def _detail(self, meeting: Meeting) -> Response:
        meeting = meeting_selectors.case_meeting_or_404(case=meeting.case, meeting_pk=meeting.pk)
        meeting.decision_list = meeting_selectors.meeting_decisions(meeting=meeting)
        return Response(s.MeetingDetailSerializer(meeting).data)

    def list(self, request, case_pk=None):
        self.query(PageParams)
        case = self.record_read("api meetings")
        return self.page(meeting_selectors.meetings_of(case), s.MeetingSerializer)

    def retrieve(self, request, case_pk=None, pk=None):
        case = self.get_case()
        meeting = meeting_selectors.case_meeting_or_404(case=case, meeting_pk=pk)
        response = self._detail(meeting)
        case_read_record(read_by=request.user, case=case, purpose="api meeting")
        return response

    def create(self, request, case_pk=None):
        case = self.case_for("work_on_plan")
        data = self.parse(s.MeetingInput, case=case)
        meeting = services.meeting_plan(
            case=case,
            planned_by=request.user,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_link=data["video_link"],
            agenda=data["agenda"],
            child_takes_part=data["child_takes_part"],
            guardians=list(data.get("guardians", [])),
            professionals=list(data.get("professionals", [])),
            expected_version=data.get("version"),
        )
        response = self._detail(meeting)
        response.status_code = status.HTTP_201_CREATED
        return response

    @action(detail=True, methods=["post"])
    def minutes(self, request, case_pk=None, pk=None):
        case = self.case_for("work_on_plan")
        meeting = meeting_selectors.case_meeting_or_404(case=case, meeting_pk=pk)
        data = self.parse(s.MinutesInput, case=case)
        rows = [
            services.DecisionInput(
                text=row["text"],
                responsible=row["responsible"],
                due_on=row["due_on"],
                outcome=row["outcome"],
                goal=row.get("goal"),
            )
            for row in data["decisions"]
        ]
        try:
            meeting = services.meeting_record(
                meeting=meeting,
                recorded_by=request.user,
                summary=data["summary"],
                child_voice=data["child_voice"],
                child_not_asked_reason=data["child_not_asked_reason"],
                decisions=rows,
                expected_version=data.get("version"),
            )
        except DomainError as error:
            raise _decision_error(error) from error
        return self._detail(meeting)

    @action(detail=True, methods=["post"])
    def cancel(self, request, case_pk=None, pk=None):
        case = self.case_for("work_on_plan")
        meeting = meeting_selectors.case_meeting_or_404(case=case, meeting_pk=pk)
        data = self.parse(s.CancelInput)
        meeting = services.meeting_cancel(
            meeting=meeting,
            cancelled_by=request.user,
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return self._detail(meeting)


def _decision_error(error: DomainError) -> DomainError:
    """The service names a refused decision ``decision-<index>``; the API's field is
    ``decisions.<index>``, as in validation errors."""
    if error.field and error.field.startswith("decision-"):
        index = error.field.split("-", 1)[1]
        return DomainError(
            _("Decision %(number)s: %(message)s")
            % {"number": int(index) + 1, "message": error.message},
            field=f"decisions.{index}",
        )
    return error
