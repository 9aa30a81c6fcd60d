"""Children (found, registered, read with their guardians) and concerns (registered, read,
decided): the same selectors, services, access policy and access log as the
concern pages (helhet/cases/views/concerns.py).

Starting a concern about a child
--------------------------------
The web pages remember, in the session, the children the professional has just found by exact
search or registered; ``policy.can_start_concern_about(..., found_by_actor=True)`` then allows a
concern about that child. An API client has no session, so the API takes the same fact from the
access log, which records every exact look-up (``child.lookup``) and every registration
(``child.create``) with the actor and the child: a child counts as *found by the caller* when the
caller's own look-up or registration of that child is in the log within the last working day
(``SESSION_COOKIE_AGE``, as long as a web session lives; ``policy.child_recently_found_by``).
Otherwise the policy's other branch
applies: a child whose concern or case the caller already sees. The access log cannot be written
through the API except by doing the search, so the rule cannot be bypassed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.permissions import IsProfessional
from helhet.api.serializers.base import PageParams
from helhet.api.serializers.people import (
    ChildMatchSerializer,
    ChildRegisterSerializer,
    ChildSearchSerializer,
    ChildSerializer,
    ConcernCreateSerializer,
    ConcernDecideSerializer,
    ConcernSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params, record_list_read
from helhet.api.views.directory import django_errors
from helhet.cases import services as case_services
from helhet.cases.models import ConcernStatus
from helhet.cases.selectors import concerns as concern_selectors
from helhet.people import selectors as people_selectors
from helhet.people import services as people_services
from helhet.people.models import Child


def _professional(request):
    professional = policy.actor_professional(request.user)
    if professional is None:
        raise Http404
    return professional


# --- children -----------------------------------------------------------------------------------


class ChildViewSet(viewsets.GenericViewSet):
    queryset = Child.objects.none()
    serializer_class = ChildSerializer
    pagination_class = None  # a search gives at most 20 exact matches
    lookup_value_regex = "[0-9]+"

    def get_permissions(self):
        if self.action == "search":
            # A read, POSTed only to keep personal data out of URLs: a read-only token may search.
            return [permissions.IsAuthenticated(), IsProfessional()]
        return super().get_permissions()

    @extend_schema(
        summary="Find a child exactly (before registering a concern)",
        description=(
            "By national identity number, or by family name and date of birth — in the body, "
            "never in the URL. Only exact matches of the caller's municipality, at most 20, with "
            "only what is needed to recognise the child. Each look-up is in the access log; a "
            "child found here may get a concern from the caller for a working day. A read-only "
            "token may search."
        ),
        request=ChildSearchSerializer,
        responses={200: ChildMatchSerializer(many=True), **ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request):
        _professional(request)  # 404 without a professional profile
        incoming = ChildSearchSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            matches = concern_selectors.child_lookup(
                fetched_by=request.user,
                national_id=data.get("national_id") or "",
                family_name=data.get("family_name") or "",
                date_of_birth=data.get("date_of_birth"),
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc
        return Response(ChildMatchSerializer(matches, many=True).data)

    @extend_schema(
        summary="Register a new child with their guardians",
        description=(
            "Search first. The identity number is checked for the municipality's country (and "
            "must be a synthetic test number unless the installation allows real ones); a child "
            "already registered (same number, or same name and birth date) is refused."
        ),
        request=ChildRegisterSerializer,
        responses={201: ChildSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        professional = _professional(request)
        incoming = ChildRegisterSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        # The service checks the child (birth date, number, not registered already), as for
        # the web page; the serializer only parsed.
        try:
            child = people_services.child_register(
                registered_by=request.user,
                municipality=professional.municipality,
                child={
                    "given_name": data["given_name"].strip(),
                    "family_name": data["family_name"].strip(),
                    "date_of_birth": data["date_of_birth"],
                    "national_id": (data.get("national_id") or "").strip() or None,
                },
                guardians=[
                    {
                        "name": guardian["name"].strip(),
                        "relation": guardian["relation"],
                        "has_parental_responsibility": guardian["has_parental_responsibility"],
                        "phone": guardian["phone"].strip(),
                        "email": guardian["email"].strip(),
                        "national_id": (guardian.get("national_id") or "").strip() or None,
                        "portal_restriction": guardian.get("portal_restriction", ""),
                    }
                    for guardian in data["guardians"]
                ],
            )
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc
        child = people_selectors.child_with_network(child)
        return Response(ChildSerializer(child).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="One child, with guardians and network",
        description=(
            "Visible through a concern or case the caller may see. The read is in the access log."
        ),
        responses={200: ChildSerializer, **ERRORS},
    )
    def retrieve(self, request, pk=None):
        child = concern_selectors.child_detail(fetched_by=request.user, pk=pk)
        return Response(ChildSerializer(child).data)


# --- concerns -----------------------------------------------------------------------------------


class ConcernFilters(PageParams):
    status = serializers.ChoiceField(
        choices=ConcernStatus.choices,
        required=False,
        help_text=_("Only concerns with this status."),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Concerns the caller may see",
        description=(
            "Concerns the caller registered, those of services the caller leads, reports to "
            "child welfare (child welfare staff), and those of the caller's cases. The list "
            "read is in the access log."
        ),
        parameters=[ConcernFilters(partial=True)],
        responses={200: ConcernSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One concern",
        description="The read is in the access log, as on the concern page.",
        responses={200: ConcernSerializer, **ERRORS},
    ),
)
class ConcernViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ConcernSerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        concerns = policy.concerns_visible_to(self.request.user).select_related(
            "child", "service", "registered_by__user", "decided_by__user"
        )
        if self.action == "list":
            filters = query_params(self.request, ConcernFilters)
            if "status" in filters:
                concerns = concerns.filter(status=filters["status"])
        return concerns

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record_list_read(request, purpose="api concern list")
        return response

    def get_object(self):
        return concern_selectors.concern_detail(
            fetched_by=self.request.user, pk=self.kwargs["pk"], purpose="api view concern"
        )

    @extend_schema(
        summary="Register a concern about a child",
        description=(
            "About a child the caller found through `/children/search/` or registered (within "
            "a working day), or whose concern or case the caller already sees; for one of the "
            "caller's active services. Until consent, only the caller and the leaders of the "
            "service see it."
        ),
        request=ConcernCreateSerializer,
        responses={201: ConcernSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        professional = _professional(request)
        incoming = ConcernCreateSerializer(data=request.data, professional=professional)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        child_pk = data.pop("child")
        with transaction.atomic():
            try:
                child = concern_selectors.child_for_concern(
                    fetched_by=request.user,
                    pk=child_pk,
                    found_by_actor=policy.child_recently_found_by(request.user, child_pk),
                )
            except Http404:
                raise serializers.ValidationError(
                    {
                        "child": [
                            _(
                                "No such child, or not one you may raise a concern about: "
                                "find the child with /children/search/ first."
                            )
                        ]
                    }
                ) from None
            concern = case_services.concern_register(
                registered_by=request.user, child=child, **data
            )
        return Response(ConcernSerializer(concern).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide on a concern",
        description=(
            "By its author or a leader of its service, while it is open. `close` needs a "
            "`note`; `collaboration` a `level` (its number, 2 or higher) and starts a case with "
            "the caller as coordinator — its id is in `case`; `reported` needs "
            "`report_content`. A concern already decided is refused (422)."
        ),
        request=ConcernDecideSerializer,
        responses={200: ConcernSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        professional = _professional(request)
        # Forbidden and missing answer 404 before the body is looked at.
        policy.get_concern_or_404(request.user, pk)
        incoming = ConcernDecideSerializer(
            data=request.data, municipality=professional.municipality
        )
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        with transaction.atomic():
            concern = concern_selectors.concern_detail(
                fetched_by=request.user, pk=pk, purpose="api decide concern"
            )
            if concern.status == ConcernStatus.OPEN and not policy.can_decide_concern(
                request.user, concern
            ):
                raise Http404
            concern = case_services.concern_decide(
                concern=concern,
                decided_by=request.user,
                decision=data["decision"],
                note=data["note"],
                level=data.get("level"),
                report_content=data["report_content"],
            )
        return Response(ConcernSerializer(concern).data)


router = SimpleRouter()
router.register("children", ChildViewSet, basename="child")
router.register("concerns", ConcernViewSet, basename="concern")
urlpatterns = router.urls
