"""Running pathways (those who see what the pathway follows: its signal, concern or case), the
municipality's pathway templates, and the follow-up register (the follow-up service): the same
selectors, services and rules as the pages. Serializers only parse; a refused rule is the
service's ``DomainError`` (422, ``helhet.api.problems``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.serializers.base import QueryParams
from helhet.api.serializers.pathways import (
    SUBJECTS,
    FollowUpContactInput,
    FollowUpDetailSerializer,
    FollowUpMeasureInput,
    FollowUpMeasureOutcomeInput,
    FollowUpSerializer,
    FollowUpStatusInput,
    PathwaySerializer,
    PathwayStartInput,
    PathwayTemplateSerializer,
    StepDoneInput,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params
from helhet.followup import selectors as followup_selectors
from helhet.followup import services as followup_services
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
    create=extend_schema(
        summary="Put a child on a pathway",
        description=(
            "The template (one of GET /pathway-templates/) and exactly one subject: the absence "
            "signal, the concern or the case the pathway is to follow. 404 unless the caller sees "
            "the subject; 422 when it takes no pathway now (a signal dealt with, a concern "
            "decided, a closed case, one running already) or the template is not one of the "
            "municipality's current ones. The steps that follow the start are due, each a task "
            "for the caller on My work."
        ),
        request=PathwayStartInput,
        responses={201: PathwaySerializer, **WRITE_ERRORS},
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

    def create(self, request):
        body = PathwayStartInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        # The service answers 404 for a subject the caller does not see, before the template.
        pathway = pathway_services.pathway_start(
            started_by=request.user,
            template_pk=data["template"],
            **{f"{name}_pk": data[name] for name in SUBJECTS if data.get(name) is not None},
        )
        return Response(_pathway(request, pathway.pk), status=status.HTTP_201_CREATED)

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
        summary="The municipality's pathway templates",
        description=(
            "The current version of each (the ones Helhet ships, the first time), to choose one "
            "when starting a pathway. No personal data."
        ),
        responses={200: PathwayTemplateSerializer(many=True), **ERRORS},
    ),
)
class PathwayTemplateViewSet(viewsets.GenericViewSet):
    serializer_class = PathwayTemplateSerializer
    pagination_class = None  # a handful per municipality

    def get_queryset(self):
        return policy.pathway_templates_visible_to(self.request.user)

    def list(self, request):
        offered = pathway_services.templates_offered(fetched_by=request.user)
        return Response(
            PathwayTemplateSerializer(
                [{"template": template, "name": name} for template, name in offered], many=True
            ).data
        )


def _follow_up(request, pk) -> dict:
    """The young person on the register, as GET /follow-ups/{id}/ shows them (a recorded read)."""
    page = followup_selectors.follow_up_detail(fetched_by=request.user, pk=pk)
    follow_up = page.follow_up
    follow_up.contacts_read, follow_up.measures_read = page.contacts, page.measures
    return FollowUpDetailSerializer(follow_up).data


def _body(request, pk, serializer_class) -> dict:
    """The write's body, parsed, once the caller is known to see the follow-up (forbidden and
    missing answer 404 before the body is looked at)."""
    policy.get_follow_up_or_404(request.user, pk)
    body = serializer_class(data=request.data)
    body.is_valid(raise_exception=True)
    return body.validated_data


_FOLLOW_UP_WRITE = (
    "Returns the young person as GET /follow-ups/{id}/ does. Only the follow-up service; anyone "
    "else gets 404."
)


@extend_schema_view(
    list=extend_schema(
        summary="The follow-up register",
        description="The young people on the caller's follow-up services' register.",
        parameters=[FollowUpStatusQuery],
        responses={200: FollowUpSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One young person on the register, with the contacts made and the measures",
        responses={200: FollowUpDetailSerializer, **ERRORS},
    ),
    contact_add=extend_schema(
        summary="Record a contact made or tried",
        description=(
            "The first time the young person is reached, the status becomes in contact. 422 for "
            "a date in the future. " + _FOLLOW_UP_WRITE
        ),
        request=FollowUpContactInput,
        responses={200: FollowUpDetailSerializer, **WRITE_ERRORS},
    ),
    status_change=extend_schema(
        summary="Change the young person's status",
        description=(
            "422 for the status they have already, a date in the future or before the current "
            "status began. " + _FOLLOW_UP_WRITE
        ),
        request=FollowUpStatusInput,
        responses={200: FollowUpDetailSerializer, **WRITE_ERRORS},
    ),
    measure_offer=extend_schema(
        summary="Record a measure offered to the young person",
        description="422 for a date in the future. " + _FOLLOW_UP_WRITE,
        request=FollowUpMeasureInput,
        responses={200: FollowUpDetailSerializer, **WRITE_ERRORS},
    ),
    measure_outcome=extend_schema(
        summary="Record what came of a measure",
        description=(
            "An offer is started or declined, a started measure ends; anything else is 422, as "
            "is a date in the future or before its current outcome began. A young person not "
            "reached or in contact who starts a measure is in a measure from that day. "
            + _FOLLOW_UP_WRITE
        ),
        request=FollowUpMeasureOutcomeInput,
        responses={200: FollowUpDetailSerializer, **WRITE_ERRORS},
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
        return Response(_follow_up(request, pk))

    @action(detail=True, methods=["post"], url_path="contacts", url_name="contacts")
    def contact_add(self, request, pk=None):
        data = _body(request, pk, FollowUpContactInput)
        followup_services.contact_add(added_by=request.user, pk=pk, **data)
        return Response(_follow_up(request, pk))

    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def status_change(self, request, pk=None):
        data = _body(request, pk, FollowUpStatusInput)
        followup_services.status_change(changed_by=request.user, pk=pk, **data)
        return Response(_follow_up(request, pk))

    @action(detail=True, methods=["post"], url_path="measures", url_name="measures")
    def measure_offer(self, request, pk=None):
        data = _body(request, pk, FollowUpMeasureInput)
        followup_services.measure_offer(offered_by=request.user, pk=pk, **data)
        return Response(_follow_up(request, pk))

    @action(
        detail=True,
        methods=["post"],
        url_path=r"measures/(?P<measure_pk>[0-9]+)/outcome",
        url_name="measure-outcome",
    )
    def measure_outcome(self, request, pk=None, measure_pk=None):
        data = _body(request, pk, FollowUpMeasureOutcomeInput)
        followup_services.measure_outcome(
            changed_by=request.user, pk=pk, measure_pk=int(measure_pk), **data
        )
        return Response(_follow_up(request, pk))


router = SimpleRouter()
router.register("pathways", PathwayViewSet, basename="pathway")
router.register("pathway-templates", PathwayTemplateViewSet, basename="pathway-template")
router.register("follow-ups", FollowUpViewSet, basename="follow-up")
urlpatterns = router.urls
