"""Writes for the service directory. The caller has checked the access policy."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.core.text import check_model_texts
from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.directory.search import service_search_texts
from helhet.tenancy.models import Municipality

SERVICE_FIELDS = (
    "name",
    "sector",
    "description",
    "min_age",
    "max_age",
    "how_to_get_in_touch",
    "phone",
    "email",
    "address",
    "website",
    "opening_hours",
    "is_low_threshold",
    "keywords",
    "is_active",
)
CONTACT_FIELDS = ("name", "role", "phone", "email", "ask_me_about", "position")


def _apply(service: Service, fields: dict) -> None:
    unknown = sorted(set(fields) - set(SERVICE_FIELDS))
    if unknown:
        raise ValueError(f"Unknown service field: {unknown[0]}")
    check_model_texts(Service, fields)  # bounded, no bidi controls (DomainError)
    for name, value in fields.items():
        setattr(service, name, _website(value) if name == "website" else value)


def service_entry_check(*, service: Service, fields: dict | None = None) -> None:
    """The directory's rules for an entry: a name of its own in the municipality (the directory
    is searched by name) and an age range that is not upside down. ``fields`` are changes not
    yet applied (a page checks them next to its own parsing errors); raises ValidationError
    naming the fields."""
    values = {
        "name": service.name,
        "min_age": service.min_age,
        "max_age": service.max_age,
        **(fields or {}),
    }
    errors: dict[str, list[str]] = {}
    name = (values["name"] or "").strip()
    clash = Service.objects.filter(municipality_id=service.municipality_id, name__iexact=name)
    if service.pk is not None:
        clash = clash.exclude(pk=service.pk)
    if name and clash.exists():
        errors["name"] = [_("The directory already has a service with this name.")]
    low, high = values["min_age"], values["max_age"]
    if low is not None and high is not None and low > high:
        errors["max_age"] = [_("The upper age must not be lower than the lower age.")]
    if errors:
        raise ValidationError(errors)


def _website(value: str) -> str:
    """A website typed without a scheme is taken as https (as browsers do)."""
    value = (value or "").strip()
    if value and "://" not in value:
        return f"https://{value}"
    return value


def _sync(service: Service, needs: Iterable[str], contacts: list[dict] | None) -> None:
    wanted = set(needs)
    ServiceNeed.objects.filter(service=service).exclude(need__in=wanted).delete()
    existing = set(ServiceNeed.objects.filter(service=service).values_list("need", flat=True))
    ServiceNeed.objects.bulk_create(
        [ServiceNeed(service=service, need=need) for need in sorted(wanted - existing)]
    )
    if contacts is not None:
        kept: list[int] = []
        for index, data in enumerate(contacts):
            texts = {name: data[name] for name in CONTACT_FIELDS if name in data}
            check_model_texts(ContactPerson, texts, prefix=f"contacts.{index}.")
        for position, data in enumerate(contacts):
            contact_id = data.get("id")
            contact = (
                ContactPerson.objects.get(pk=contact_id, service=service)
                if contact_id
                else ContactPerson(service=service)
            )
            for name in CONTACT_FIELDS:
                if name in data:
                    setattr(contact, name, data[name])
            contact.position = data.get("position", position)
            contact.full_clean()
            contact.save()
            kept.append(contact.pk)
        ContactPerson.objects.filter(service=service).exclude(pk__in=kept).delete()
    service_refresh_search_text(service=service)


def service_refresh_search_text(*, service: Service) -> None:
    """Recompute the folded search texts after the service or its contacts changed."""
    texts = service_search_texts(service, service.contacts.all())
    for field, value in texts.items():
        setattr(service, field, value)
    Service.objects.filter(pk=service.pk).update(**texts)


@transaction.atomic
def service_create(
    *,
    created_by,
    municipality: Municipality,
    fields: dict,
    needs: Iterable[str] = (),
    contacts: list[dict] | None = None,
) -> Service:
    """Add a service to the municipality's directory, with its needs and contact persons."""
    service = Service(municipality=municipality)
    _apply(service, fields)
    service_entry_check(service=service)
    service.full_clean()
    service.save()
    _sync(service, needs, contacts or [])
    return service


@transaction.atomic
def service_update(
    *,
    updated_by,
    service: Service,
    fields: dict,
    needs: Iterable[str],
    contacts: list[dict] | None = None,
) -> Service:
    """Change a directory entry; ``contacts`` (if given) is the complete new list."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    _apply(service, fields)
    service_entry_check(service=service)
    service.full_clean()
    service.save()
    _sync(service, needs, contacts)
    return service
