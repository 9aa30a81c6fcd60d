"""Django's own error pages (a URL that matches nothing, a server error) as problem details on
/api/, so an API client never gets an HTML page."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

PROBLEM_JSON = "application/problem+json"


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _problem(request, kind: str, title: str, status: int, detail: str = "") -> JsonResponse:
    return JsonResponse(
        {
            "type": f"urn:helhet:problem:{kind}",
            "title": title,
            "status": status,
            "detail": detail or title,
            "instance": request.path,
        },
        status=status,
        content_type=PROBLEM_JSON,
    )


def not_found(request, exception=None):
    if _is_api(request):
        return _problem(
            request,
            "not-found",
            _("Not found"),
            404,
            _("The object does not exist, or you do not have access to it."),
        )
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    if _is_api(request):
        return _problem(request, "malformed", _("The request is not valid."), 400)
    return defaults.bad_request(request, exception)


def server_error(request):
    if _is_api(request):
        return _problem(
            request,
            "server-error",
            _("Something went wrong on our side. Nothing was saved."),
            500,
        )
    return defaults.server_error(request)
