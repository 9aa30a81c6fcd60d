"""Absence signals (the pupil's contact teacher and the school's leaders) and the school
system's import of attendance files (the school's leaders)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.problems import problem
from helhet.api.serializers.signals import (
    AbsenceImportQuery,
    AbsenceImportSerializer,
    DismissInput,
    SignalDetailSerializer,
    SignalSerializer,
    SignalStatusQuery,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params
from helhet.signals import limits, selectors, services
from helhet.signals.models import Signal


def _with_summary(signal: Signal) -> Signal:
    signal.summary = selectors.signal_summary(signal)
    return signal


@extend_schema_view(
    list=extend_schema(
        summary="The absence signals the caller may see",
        description=(
            "Open signals (status=all for every one) of the caller's contact pupils and of the "
            "schools they lead, newest first. Nobody else sees a signal."
        ),
        parameters=[SignalStatusQuery],
        responses={200: SignalSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One absence signal, with the pupil's absence of the last three months",
        responses={200: SignalDetailSerializer, **ERRORS},
    ),
    dismiss=extend_schema(
        summary="Dismiss a signal with the reason",
        request=DismissInput,
        responses={200: SignalSerializer, **WRITE_ERRORS},
    ),
)
class SignalViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = SignalSerializer
    pagination_class = None

    def get_queryset(self):
        return policy.signals_visible_to(self.request.user)

    def list(self, request):
        query = query_params(request, SignalStatusQuery)
        found = selectors.signal_list(fetched_by=request.user, status=query.get("status", "open"))
        return Response(SignalSerializer([_with_summary(s) for s in found], many=True).data)

    def retrieve(self, request, pk=None):
        page = selectors.signal_detail(fetched_by=request.user, pk=pk)
        signal = page.signal
        signal.summary, signal.days = page.summary, page.days
        return Response(SignalDetailSerializer(signal).data)

    @action(detail=True, methods=["post"])
    def dismiss(self, request, pk=None):
        policy.get_signal_or_404(request.user, pk)
        body = DismissInput(data=request.data)
        body.is_valid(raise_exception=True)
        signal = services.signal_dismiss(
            dismissed_by=request.user, signal_pk=pk, reason=body.validated_data["reason"]
        )
        return Response(SignalSerializer(_with_summary(signal)).data)


class AttendanceFileParser(BaseParser):
    """The file itself as the body (curl --data-binary @file.csv): CSV or Parquet."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream


@extend_schema_view(
    create=extend_schema(
        summary="Import a school's attendance file",
        description=(
            "The body is the file: CSV (UTF-8 or Latin-1) or Parquet, with the columns "
            "national_id or pupil_id, date, lesson and absence_type (docs/signals.md). Only the "
            "school's leaders. A file with bad rows is refused (422, each problem with its "
            "lines) unless leave_out_bad_rows; importing the same file again changes nothing."
        ),
        parameters=[
            OpenApiParameter("school", OpenApiTypes.INT, OpenApiParameter.PATH),
            AbsenceImportQuery,
        ],
        request={"text/csv": OpenApiTypes.BINARY, "application/octet-stream": OpenApiTypes.BINARY},
        responses={201: AbsenceImportSerializer, **WRITE_ERRORS},
    ),
)
class AbsenceImportViewSet(viewsets.GenericViewSet):
    parser_classes = [AttendanceFileParser]
    serializer_class = AbsenceImportSerializer

    def create(self, request, school_pk=None):
        school = policy.absence_import_schools(request.user).filter(pk=school_pk).first()
        if school is None:
            raise services.Http404
        query = query_params(request, AbsenceImportQuery)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "upload"
            size = _save(request, path)
            if size == 0:
                raise ValidationError({"file": ["The body is empty: send the file as the body."]})
            try:
                result = services.absence_import(
                    imported_by=request.user,
                    school=school,
                    path=path,
                    leave_out_bad_rows=query.get("leave_out_bad_rows", False),
                )
            except DjangoValidationError as exc:
                raise ValidationError({"file": exc.messages}) from exc
            except services.AbsenceFileRefused as exc:
                return problem(
                    request,
                    kind="rule",
                    title="The file has rows with problems. Nothing was imported.",
                    http_status=status.HTTP_422_UNPROCESSABLE_ENTITY,
                    errors=[
                        {
                            "field": f"line {', '.join(map(str, p.lines))}",
                            "message": f"{p.label} ({p.count})",
                        }
                        for p in exc.read.problems
                    ],
                )
        return Response(AbsenceImportSerializer(result).data, status=status.HTTP_201_CREATED)


def _save(request, path: Path) -> int:
    """The body to a file, refused past the upload limit (413)."""
    size = 0
    stream = request.stream
    with path.open("wb") as out:
        while stream is not None and (chunk := stream.read(1 << 20)):
            size += len(chunk)
            if size > limits.MAX_UPLOAD_BYTES:
                raise RequestDataTooBig
            out.write(chunk)
    return size


router = SimpleRouter()
router.register("signals", SignalViewSet, basename="signal")
urlpatterns = [
    *router.urls,
    path(
        "schools/<int:school_pk>/absence-imports/",
        AbsenceImportViewSet.as_view({"post": "create"}),
        name="absence-import",
    ),
]
