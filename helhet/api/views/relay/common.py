"""Shared by the relay's API view sets: list filters and the list of a case's rows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers, status
from rest_framework.response import Response

from helhet.api.serializers.base import PageParams
from helhet.api.views.base import query_params

# --- shared ------------------------------------------------------------------------------------


class TeamFilters(PageParams):
    active = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy(
            "true: only present members; false: only those who left. Both if left out."
        ),
    )


class CaseListMixin:
    """GET the list: one cursor page (newest first), recorded as one read of the case."""

    filters_class = PageParams

    def list(self, request, *args, **kwargs):
        self.get_case()  # 404 before anything else
        self.filters = query_params(request, self.filters_class)
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(page, many=True).data
        self.record_read()
        return self.get_paginated_response(data)


def created(data) -> Response:
    return Response(data, status=status.HTTP_201_CREATED)
