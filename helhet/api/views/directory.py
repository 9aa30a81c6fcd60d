"""The caller's municipality (its jurisdiction profile) and the service directory.

Reads go through the directory's selectors and the access policy; writes through the directory's
services, which hold the entry's rules (a unique name, an age range the right way up) for the
web page and the API alike; the serializers only parse.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from helhet.access import policy
from helhet.api.pagination import Cursor
from helhet.api.serializers.directory import (
    DirectoryQuerySerializer,
    MunicipalitySerializer,
    PageParams,
    ServiceDetailSerializer,
    ServiceSerializer,
    ServiceWriteSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS, query_params
from helhet.directory import selectors, services
from helhet.directory.models import Service
from helhet.directory.services import SERVICE_FIELDS
from helhet.tenancy.selectors import municipalities_visible_to


def django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """A model's ValidationError as the API's 400 problem, naming the fields where it can."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {
                ("non_field_errors" if key == "__all__" else key): messages
                for key, messages in exc.message_dict.items()
            }
        )
    return serializers.ValidationError(exc.messages)


# --- municipality -------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The caller's municipality",
        description="A list with one entry: the municipality the caller works in.",
        parameters=[PageParams(partial=True)],
        responses={200: MunicipalitySerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="The caller's municipality and its jurisdiction profile",
        description="Any other municipality is 404.",
        responses={200: MunicipalitySerializer, **ERRORS},
    ),
)
class MunicipalityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = MunicipalitySerializer
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            query_params(self.request, PageParams)
        return municipalities_visible_to(self.request.user)

    def get_object(self):
        municipality = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if municipality is None:
            raise Http404
        return municipality


# --- service directory --------------------------------------------------------------------------


class ByName(Cursor):
    # Names are unique within a municipality, and the directory shows one municipality.
    ordering = ("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Search the service directory",
        description=(
            "Active services of the caller's municipality matching every given filter. Free text "
            "matches word by word, also the labels of needs in every language."
        ),
        parameters=[DirectoryQuerySerializer(partial=True)],
        responses={200: ServiceSerializer(many=True), **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One service, with its contact persons",
        responses={200: ServiceDetailSerializer, **ERRORS},
    ),
    create=extend_schema(
        summary="Add a service to the directory (municipal administrators)",
        description="403 unless the caller is a municipal administrator.",
        request=ServiceWriteSerializer,
        responses={201: ServiceDetailSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change a directory entry (administrators; leaders of the service)",
        description=(
            "Fields left out keep their value. `contacts`, if given, is the complete new list: "
            "give the `id` of each contact person to keep; those left out are removed."
        ),
        request=ServiceWriteSerializer,
        responses={200: ServiceDetailSerializer, **WRITE_ERRORS},
    ),
)
class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "head", "options"]
    pagination_class = ByName
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return ServiceWriteSerializer
        if self.action == "retrieve":
            return ServiceDetailSerializer
        return ServiceSerializer

    def get_queryset(self):
        data = query_params(self.request, DirectoryQuerySerializer)
        filters = selectors.DirectoryFilters(
            text=data.get("q", ""),
            need=data.get("need", ""),
            sector=data.get("sector", ""),
            age=data.get("age"),
            low_threshold=data.get("drop_in", False),
            include_inactive=data.get("include_inactive", False)
            and policy.can_create_service(self.request.user),
        )
        return selectors.service_search(fetched_by=self.request.user, filters=filters)

    def get_object(self):
        return selectors.service_detail(fetched_by=self.request.user, pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        if not policy.can_create_service(request.user):
            raise exceptions.PermissionDenied(
                _("Only municipal administrators add services to the directory.")
            )
        municipality = policy.actor_professional(request.user).municipality
        return self._save(request, service=None, municipality=municipality)

    def partial_update(self, request, *args, **kwargs):
        service = policy.get_service_or_404(request.user, kwargs["pk"], for_edit=True)
        return self._save(request, service=service, municipality=service.municipality)

    def update(self, request, *args, **kwargs):  # PUT is not offered: PATCH changes an entry
        raise exceptions.MethodNotAllowed(request.method)

    def _save(self, request, *, service: Service | None, municipality) -> Response:
        incoming = ServiceWriteSerializer(data=request.data, partial=service is not None)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        contacts = data.pop("contacts", None)
        instance = service or Service(municipality=municipality)
        _check_contact_ids(contacts, service)
        # The serializer parsed; the services check the entry, as for the web page. On PATCH,
        # fields left out keep their value.
        needs = data.pop("needs", None)
        if needs is None:
            needs = [n.need for n in instance.needs.all()] if instance.pk is not None else []
        fields = {name: value for name, value in data.items() if name in SERVICE_FIELDS}
        try:
            if service is None:
                saved = services.service_create(
                    created_by=request.user,
                    municipality=municipality,
                    fields=fields,
                    needs=needs,
                    contacts=contacts or [],
                )
            else:
                saved = services.service_update(
                    updated_by=request.user,
                    service=service,
                    fields=fields,
                    needs=needs,
                    contacts=contacts,
                )
        except DjangoValidationError as exc:
            raise django_errors(exc) from exc
        saved = selectors.service_detail(fetched_by=request.user, pk=saved.pk)
        return Response(
            ServiceDetailSerializer(saved).data,
            status=status.HTTP_201_CREATED if service is None else status.HTTP_200_OK,
        )


def _check_contact_ids(contacts: list[dict] | None, service: Service | None) -> None:
    """A contact person's id must be one of this service's own contact persons."""
    if not contacts:
        return
    known = set(service.contacts.values_list("pk", flat=True)) if service else set()
    errors = {}
    for index, contact in enumerate(contacts):
        if "id" in contact and contact["id"] not in known:
            errors[str(index)] = {"id": [_("Not a contact person of this service.")]}
    if errors:
        raise serializers.ValidationError({"contacts": errors})


router = SimpleRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("services", ServiceViewSet, basename="service")
urlpatterns = router.urls
