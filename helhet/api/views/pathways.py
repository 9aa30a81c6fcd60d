"""Running pathways (those who see what the pathway follows: its signal, concern or case) and
the follow-up register (the follow-up service): the same selectors, services and rules as the
pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.serializers.base import QueryParams
from helhet.api.serializers.pathways import (
    FollowUpDetailSerializer,
    FollowUpSerializer,
    PathwaySerializer,
    StepDoneInput,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params
from helhet.followup import selectors as followup_selectors
from helhet.followup.models import FollowUpStatus
from helhet.pathways import selectors as pathway_selectors
from helhet.pathways import services as pathway_services


class FollowUpStatusQuery(QueryParams):
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)


def _pathway(request, pk) -> dict:
    page = pathway_selectors.pathway_detail(fetched_by=request.user, pk=pk)
    return PathwaySerializer({"pathway": page.pathway, "name": page.name, "steps": page.steps}).data


@extend_schema_view(
    retrieve=extend_schema(
        summary="A running pathway and its steps",
        description=(
            "Seen by those who see what the pathway follows (its absence signal, concern or "
            "case); anyone else gets 404."
        ),
        responses={200: PathwaySerializer, **ERRORS},
    ),
    step_done=extend_schema(
        summary="Record a due step as done",
        description=(
            "The steps that follow it become due (each a task on My work). 422 when the step "
            "is not due, done already, or needs what was done written down."
        ),
        request=StepDoneInput,
        responses={200: PathwaySerializer, **WRITE_ERRORS},
    ),
)
class PathwayViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = PathwaySerializer
    pagination_class = None

    def get_queryset(self):
        return policy.pathways_visible_to(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(_pathway(request, pk))

    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step_pk>[0-9]+)/done")
    def step_done(self, request, pk=None, step_pk=None):
        policy.get_pathway_or_404(request.user, pk)
        body = StepDoneInput(data=request.data or {})
        body.is_valid(raise_exception=True)
        pathway_services.pathway_step_done(
            done_by=request.user,
            pathway_pk=pk,
            step_pk=int(step_pk),
            note=body.validated_data.get("note", ""),
        )
        return Response(_pathway(request, pk))


@extend_schema_view(
    list=extend_schema(
        summary="The follow-up register",
        description="The young people on the caller's follow-up services' register.",
        parameters=[FollowUpStatusQuery],
        responses={200: FollowUpSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One young person on the register, with the contacts made",
        responses={200: FollowUpDetailSerializer, **ERRORS},
    ),
)
class FollowUpViewSet(viewsets.GenericViewSet):
    lookup_value_regex = "[0-9]+"
    serializer_class = FollowUpSerializer
    pagination_class = None

    def get_queryset(self):
        return policy.follow_ups_visible_to(self.request.user)

    def list(self, request):
        query = query_params(request, FollowUpStatusQuery)
        found = followup_selectors.follow_up_list(
            fetched_by=request.user, status=query.get("status", "")
        )
        return Response(FollowUpSerializer(found, many=True).data)

    def retrieve(self, request, pk=None):
        page = followup_selectors.follow_up_detail(fetched_by=request.user, pk=pk)
        follow_up = page.follow_up
        follow_up.contacts_read = page.contacts
        return Response(FollowUpDetailSerializer(follow_up).data)


router = SimpleRouter()
router.register("pathways", PathwayViewSet, basename="pathway")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
urlpatterns = router.urls
