"""The relay log of a case: append-only, corrected by new entries."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.api.serializers.relay import (
    LogCorrectSerializer,
    LogEntryAddSerializer,
    LogEntrySerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.relay.common import (
    CaseListMixin,
    created,
)
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases import services
from helhet.cases.models import LogEntry
from helhet.cases.selectors import case as selectors
from helhet.cases.views.case import CORRECTABLE_KINDS
from helhet.core.errors import DomainError

# --- the log -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The case's log, newest first",
        description="The log is append-only: entries are never changed or deleted.",
        responses={200: LogEntrySerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One log entry", responses={200: LogEntrySerializer, **ERRORS}),
    create=extend_schema(
        summary="Add a note or a meeting summary to the log",
        request=LogEntryAddSerializer,
        responses={201: LogEntrySerializer, **WRITE_ERRORS},
    ),
    correct=extend_schema(
        summary="Correct a log entry",
        description=(
            "Adds a correction entry that refers to the corrected one. Only notes, meeting "
            "summaries and decisions are corrected this way; entries the system wrote for a "
            "team, consent or level change are corrected by undoing the change."
        ),
        request=LogCorrectSerializer,
        responses={201: LogEntrySerializer, **WRITE_ERRORS},
    ),
)
class LogViewSet(CaseListMixin, CaseScopedViewSet):
    serializer_class = LogEntrySerializer
    model = LogEntry
    read_purpose = "api log"

    def case_queryset(self, case):
        return selectors.case_log_entries(case=case)

    def retrieve(self, request, *args, **kwargs):
        entry = selectors.case_log_entry_or_404(case=self.get_case(), entry_pk=kwargs["pk"])
        data = LogEntrySerializer(entry).data
        self.record_read()
        return Response(data)

    def create(self, request, *args, **kwargs):
        case = self.case_for("add_log_entry")
        data = self.parse(LogEntryAddSerializer)
        entry = services.log_entry_add(
            case=case,
            author=request.user,
            kind=data["kind"],
            text=data["text"],
            strengths=data["strengths"],
            worries=data["worries"],
        )
        return created(LogEntrySerializer(entry).data)

    @action(detail=True, methods=["post"])
    def correct(self, request, *args, **kwargs):
        case = self.case_for("add_log_entry")
        entry = selectors.case_log_entry_or_404(case=case, entry_pk=kwargs["pk"])
        data = self.parse(LogCorrectSerializer)
        if entry.kind not in CORRECTABLE_KINDS:
            raise DomainError(
                _(
                    "Only notes, meeting summaries and decisions can be corrected. Undo the "
                    "change itself instead."
                )
            )
        correction = services.log_entry_correct(entry=entry, author=request.user, text=data["text"])
        return created(LogEntrySerializer(correction).data)
