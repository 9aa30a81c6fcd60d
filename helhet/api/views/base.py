"""What every API view shares: the actor, the access log of list reads, and the schema's
description of our errors."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from helhet.access import policy
from helhet.audit.services import audit_record

PROBLEM = OpenApiResponse(
    response=inline_serializer(
        "Problem",
        fields={
            "type": serializers.CharField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "instance": serializers.CharField(),
            "errors": serializers.ListField(
                child=inline_serializer(
                    "ProblemError",
                    fields={"field": serializers.CharField(), "message": serializers.CharField()},
                ),
                required=False,
            ),
        },
    ),
    description="RFC 9457 problem details (application/problem+json).",
)


def _problems(*codes: int) -> dict:
    return {(code, "application/problem+json"): PROBLEM for code in codes}


# Responses every operation may give, for the schema (all as application/problem+json).
ERRORS = _problems(400, 401, 403, 404, 405, 406, 429)
WRITE_ERRORS = {**ERRORS, **_problems(413, 415, 422)}


def query_params(request, serializer_class) -> dict:
    """The list filters, validated: a bad value is a 400 problem naming the parameter.
    ``partial``: a parameter left out stays out (a form-style query would read a missing
    boolean as false)."""
    serializer = serializer_class(data=request.query_params, partial=True)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def record_list_read(request, *, purpose: str) -> None:
    """A list that shows children's data is one access-log event for the actor."""
    professional = policy.actor_professional(request.user)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="api.list",
            purpose=purpose,
            municipality_id=professional.municipality_id if professional else None,
        )
