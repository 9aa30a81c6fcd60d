"""Cases: the ones the actor may see (the policy's queryset) and one case by id."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.serializers.base import PageParams
from helhet.api.serializers.cases import CaseSerializer
from helhet.api.views.base import ERRORS, query_params, record_list_read
from helhet.cases.models import CaseStatus
from helhet.cases.selectors.case import case_read_record


class CaseFilters(PageParams):
    status = serializers.ChoiceField(
        choices=CaseStatus.choices, required=False, help_text=_("Only cases with this status.")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Cases the caller takes part in",
        parameters=[CaseFilters(partial=True)],
        responses={200: CaseSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(summary="One case", responses={200: CaseSerializer, **ERRORS}),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        cases = policy.cases_visible_to(self.request.user).select_related(
            "child", "level", "coordinator__user", "coordinator_service"
        )
        if self.action == "list":
            filters = query_params(self.request, CaseFilters)
            if "status" in filters:
                cases = cases.filter(status=filters["status"])
        return cases

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record_list_read(request, purpose="api case list")
        return response

    def get_object(self):
        case = policy.get_case_or_404(self.request.user, self.kwargs["pk"])
        case_read_record(read_by=self.request.user, case=case, purpose="api")
        return case


router = SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
urlpatterns = router.urls
