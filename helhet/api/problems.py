"""Errors as RFC 9457 problem details (``application/problem+json``), translated.

Every error of the API has this shape::

    {"type": "urn:helhet:problem:validation", "title": "The request is not valid.",
     "status": 400, "detail": "…", "instance": "/api/v1/cases/12/",
     "errors": [{"field": "text", "message": "This field is required."}]}

``type`` names the kind of problem (listed in docs/api.md); ``errors`` is present for
validation problems. Forbidden and missing objects are both ``not-found`` (404).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

from helhet.core.errors import DomainError

PROBLEM_JSON = "application/problem+json"


def problem(
    request, *, kind: str, title: str, http_status: int, detail: str = "", errors=None, headers=None
) -> Response:
    body = {
        "type": f"urn:helhet:problem:{kind}",
        "title": str(title),
        "status": http_status,
        "detail": str(detail or title),
        "instance": request.path if request is not None else "",
    }
    if errors:
        body["errors"] = errors
    return Response(body, status=http_status, content_type=PROBLEM_JSON, headers=headers)


def _flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of {field, message}."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            # Errors of a nested object as a whole belong to that object's field.
            out += _flatten(value, prefix if key == "non_field_errors" else f"{prefix}{key}.")
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out += _flatten(value, f"{prefix}{index}.")
            else:
                # A message about the list itself ("Expected a list", too few items) names it.
                out.append({"field": prefix.rstrip("."), "message": str(value)})
        return out
    return [{"field": prefix.rstrip("."), "message": str(detail)}]


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, DomainError):
        errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
        return problem(
            request,
            kind="rule",
            title=_("A rule refused the request. Nothing was saved."),
            http_status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            detail=exc.message,
            errors=errors,
        )
    if isinstance(exc, Http404 | exceptions.NotFound):
        return problem(
            request,
            kind="not-found",
            title=_("Not found"),
            http_status=404,
            detail=_("The object does not exist, or you do not have access to it."),
        )
    if isinstance(exc, RequestDataTooBig):
        return problem(
            request,
            kind="too-large",
            title=_("The request is too large."),
            http_status=413,
        )
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return problem(
            request,
            kind="validation",
            title=_("The request is not valid. Nothing was saved."),
            http_status=400,
            detail=_("Correct the fields listed in errors and try again."),
            errors=_flatten(exc.detail),
        )
    if isinstance(exc, exceptions.APIException):
        kinds = {
            exceptions.ParseError: "malformed",
            exceptions.NotAuthenticated: "unauthenticated",
            exceptions.AuthenticationFailed: "unauthenticated",
            exceptions.PermissionDenied: "forbidden",
            exceptions.MethodNotAllowed: "method-not-allowed",
            exceptions.NotAcceptable: "not-acceptable",
            exceptions.UnsupportedMediaType: "unsupported-media-type",
            exceptions.Throttled: "throttled",
        }
        kind = next((k for cls, k in kinds.items() if isinstance(exc, cls)), "error")
        headers = {}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait))
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(
            request,
            kind=kind,
            title=detail,
            http_status=exc.status_code,
            detail=detail,
            headers=headers,
        )
    return None  # a server error: Django's 500 handling (logged with the request id only)
