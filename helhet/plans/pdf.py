"""Printouts with WeasyPrint: the plan and a meeting summary, for the family and the team.

Rendered from the same data as the pages, in the reader's language, with fonts installed on the
server (DejaVu covers the Nordic letters æ ø å ä ö ð þ); nothing is fetched from the network.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    # Imported here: WeasyPrint needs Pango from the system, and the rest of Helhet runs
    # without it (README: `apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core`).
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    # No base URL: the printout uses no external files, so WeasyPrint never opens a URL.
    # PDF/UA: tagged, with the document's language and title, so screen readers read it too.
    return HTML(string=html, base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(request, template: str, context: dict, *, filename: str) -> HttpResponse:
    """The PDF as a download; the file name never carries personal data."""
    response = HttpResponse(
        render_pdf(template, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def plan_pdf_response(request, printout) -> HttpResponse:
    """The plan printout (``plans.selectors.plan.plan_printout``), for the page and the API."""
    return pdf_response(
        request,
        "plans/pdf/plan.html",
        {
            "case": printout.case,
            "doc": printout.doc,
            "printout": printout,
            "printed_on": printout.printed_on,
        },
        filename=printout.filename,
    )
