"""Tasks of the caller (*My work*) and the data protection officer's search of the access log."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.utils.urls import remove_query_param, replace_query_param

from helhet.access import policy
from helhet.api.serializers.base import PageParams
from helhet.api.serializers.tasks import (
    AuditEventSerializer,
    AuditPageSerializer,
    AuditQuery,
    EmptyInput,
    TaskSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params, record_list_read
from helhet.audit import selectors as audit_selectors
from helhet.people.selectors import professional_ids_by_user
from helhet.reminders import services as reminder_services
from helhet.reminders.models import Task


@extend_schema_view(
    list=extend_schema(
        summary="The caller's open tasks",
        description="Tasks assigned to the caller whose subject (case or concern) they may see.",
        responses={200: TaskSerializer(many=True), **ERRORS},
    ),
    complete=extend_schema(
        summary="Mark a meeting decision's task as done",
        description=(
            "Only the person responsible, and only tasks decided in a meeting: generated tasks "
            "are done by themselves when what they ask for is done (422)."
        ),
        request=EmptyInput,
        responses={200: TaskSerializer, **WRITE_ERRORS},
    ),
)
class TaskViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    queryset = Task.objects.none()
    serializer_class = TaskSerializer

    def get_queryset(self):
        return policy.tasks_visible_to(self.request.user)

    def list(self, request):
        query_params(request, PageParams)
        page = self.paginate_queryset(self.get_queryset())
        response = self.get_paginated_response(TaskSerializer(page, many=True).data)
        record_list_read(request, purpose="api task list")
        return response

    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        task = policy.get_task_or_404(request.user, pk)
        EmptyInput(data=request.data or {}).is_valid(raise_exception=True)
        task = reminder_services.task_complete(task=task, completed_by=request.user)
        return Response(TaskSerializer(task).data)


@extend_schema_view(
    list=extend_schema(
        summary="Search the municipality's access log (data protection officer)",
        description=(
            "Newest first, 50 per page. Filters are ids and dates only. The search is itself "
            "recorded in the access log. Anyone else gets 404."
        ),
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="From this day."),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day."),
            OpenApiParameter("actor", OpenApiTypes.INT, description="A professional's id."),
            OpenApiParameter("action", OpenApiTypes.STR, description="An action, e.g. case.read."),
            OpenApiParameter("case", OpenApiTypes.INT, description="A case's id."),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number (from 1)."),
        ],
        responses={200: AuditPageSerializer, **ERRORS},
    ),
)
class AuditEventViewSet(viewsets.GenericViewSet):
    serializer_class = AuditEventSerializer
    pagination_class = None

    def list(self, request):
        if not policy.can_search_audit_log(request.user):
            raise Http404
        query = AuditQuery(
            data=request.query_params,
            professionals=audit_selectors.searchable_professionals(fetched_by=request.user),
            actions=audit_selectors.searchable_actions(fetched_by=request.user),
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = audit_selectors.AuditFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            actor=data.get("actor"),
            action=data.get("action", ""),
            case_id=data.get("case"),
        )
        page = audit_selectors.audit_search(
            fetched_by=request.user, filters=filters, page_number=data.get("page", 1)
        )
        users = {e.actor_id for e in page.object_list if e.actor_id}
        professional_of = professional_ids_by_user(users)
        url = request.build_absolute_uri()
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "next": replace_query_param(url, "page", page.next_page_number())
                if page.has_next()
                else None,
                "previous": (
                    replace_query_param(url, "page", page.previous_page_number())
                    if page.previous_page_number() > 1
                    else remove_query_param(url, "page")
                )
                if page.has_previous()
                else None,
                "results": AuditEventSerializer(
                    page.object_list, many=True, context={"professional_of": professional_of}
                ).data,
            }
        )


router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
urlpatterns = router.urls
