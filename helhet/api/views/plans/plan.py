"""The plan document (today or on a date), its evaluation date and its PDF."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import renderers
from rest_framework.response import Response

from helhet.access import policy
from helhet.api.serializers import plans as s
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.plans.common import CASE_PK
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.plans import services
from helhet.plans.pdf import plan_pdf_response
from helhet.plans.selectors import plan as plan_selectors

# --- the plan ----------------------------------------------------------------------------------


class PdfRenderer(renderers.BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


@extend_schema(parameters=[CASE_PK])
class PlanViewSet(CaseScopedViewSet):
    serializer_class = s.PlanSerializer
    pagination_class = None

    @extend_schema(
        summary="The plan of a case",
        description=(
            "The plan document (goals with their measures, evaluations, the next evaluation "
            "date), the overview of measures running at the same time, and the list of changes. "
            "With `on`, the plan as it stood at the end of that day."
        ),
        parameters=[
            OpenApiParameter(
                "on", OpenApiTypes.DATE, description="Show the plan as it was on this date."
            )
        ],
        responses={200: s.PlanSerializer, **ERRORS},
    )
    def plan(self, request, case_pk=None):
        case = self.get_case()
        on = self.query(s.PlanQuery).get("on")
        if on is not None:
            doc, snap = plan_selectors.plan_as_of(fetched_by=request.user, case=case, on=on)
            data = {
                "on": on,
                "snapshot": _snapshot(snap) if snap else None,
                "overview": None,
                "history": None,
            }
        else:
            page = plan_selectors.plan_page(fetched_by=request.user, case=case)
            doc = page.doc
            data = {
                "on": None,
                "snapshot": None,
                "overview": page.overview,
                "history": [_snapshot(h) for h in page.history],
            }
        data |= {
            "case": case.pk,
            "version": case.version,
            "evaluation_due": doc.evaluation_due,
            "goals": doc.goals,
            "evaluations": doc.evaluations,
        }
        return Response(s.PlanSerializer(data).data)

    @extend_schema(
        summary="Set the date the plan is evaluated by",
        request=s.EvaluationDateInput,
        responses={200: s.PlanSerializer, **WRITE_ERRORS},
    )
    def evaluation_date(self, request, case_pk=None):
        case = self.case_for("work_on_plan")
        data = self.parse(s.EvaluationDateInput)
        services.evaluation_schedule(
            case=case,
            scheduled_by=request.user,
            due=data["due"],
            expected_version=data.get("version"),
        )
        return self.plan(request, case_pk=case_pk)

    @extend_schema(
        summary="The plan as PDF",
        description="The same printout as the plan page's download; the export is audited.",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The plan as a tagged PDF."
            ),
            **ERRORS,
        },
    )
    def pdf(self, request, case_pk=None):
        case = policy.access_case(request.user, case_pk, action="export_plan").case
        printout = plan_selectors.plan_printout(exported_by=request.user, case=case)
        return plan_pdf_response(request._request, printout)

    def handle_exception(self, exc):
        # Problems are JSON even where the success is a PDF.
        if getattr(self, "action", None) == "pdf":
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = "application/problem+json"
        return super().handle_exception(exc)


def _snapshot(snap) -> dict:
    return {
        "id": snap.pk,
        "taken_at": snap.taken_at,
        "taken_by": str(snap.taken_by),
        "change": snap.change,
    }
