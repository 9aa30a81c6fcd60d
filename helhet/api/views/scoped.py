"""The base of every resource inside one case (/cases/{case_pk}/…): the case comes from the URL
and the access policy (404 unless visible), once per request."""

from __future__ import annotations

from django.http import Http404
from rest_framework import viewsets
from rest_framework.response import Response

from helhet.access import policy
from helhet.api.views.base import query_params
from helhet.cases.models import Case
from helhet.cases.selectors.case import case_read_record


class CaseScopedViewSet(viewsets.GenericViewSet):
    """``read_purpose`` names the view set's reads in the access log. A view set either defines
    ``model`` and ``case_queryset`` (its rows of the case), or queries in its actions."""

    lookup_value_converter = "int"
    read_purpose = "api"
    model = None

    def get_access(self) -> policy.CaseAccess:
        """The actor's access to the case (asked once per request); 404 unless visible."""
        if not hasattr(self, "_access"):
            self._access = policy.access_case(self.request.user, self.kwargs["case_pk"])
        return self._access

    def get_case(self) -> Case:
        return self.get_access().case

    def case_for(self, action: str) -> Case:
        """The case if the actor may do ``action`` (a ``policy.CASE_ACTIONS`` name); else 404,
        as the pages answer (``cases.views.common.case_for``)."""
        access = self.get_access()
        if action not in policy.CASE_ACTIONS:
            raise ValueError(f"unknown case action {action!r}")
        if not getattr(access, action):
            raise Http404
        return access.case

    def record_read(self, purpose: str | None = None) -> Case:
        """Record that the response shows the case's data (in the access log); the case."""
        case = self.get_case()
        case_read_record(read_by=self.request.user, case=case, purpose=purpose or self.read_purpose)
        return case

    def parse(self, serializer_class, case: Case | None = None, **context) -> dict:
        """The request body, validated (a 400 problem otherwise)."""
        serializer = serializer_class(
            data=self.request.data, context={"request": self.request, "case": case, **context}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def query(self, serializer_class) -> dict:
        """Filters from the query string (ids and dates only), validated like a body."""
        return query_params(self.request, serializer_class)

    def page(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    def get_queryset(self):
        if type(self).case_queryset is CaseScopedViewSet.case_queryset:
            return super().get_queryset()  # a view set that queries in its actions
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return self.model.objects.none()
        return self.case_queryset(self.get_case())

    def case_queryset(self, case: Case):
        raise NotImplementedError
