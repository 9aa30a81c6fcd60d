"""Writes for people. Keyword-only, atomic, named ``<thing>_<verb>``."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.core import clock
from helhet.core.text import check_model_texts
from helhet.directory.models import Service
from helhet.people import nordic_id
from helhet.people.models import (
    Child,
    Membership,
    MembershipRole,
    NetworkPerson,
    PortalRestriction,
    Professional,
    User,
)
from helhet.tenancy.models import Municipality

MAX_CHILD_AGE = 24
# The code of the refusal "same name and birth date": the page then offers that child instead.
DUPLICATE_CHILD = "duplicate_child"


def child_validate(
    *,
    municipality: Municipality,
    date_of_birth: datetime.date,
    national_id: str | None,
    given_name: str = "",
    family_name: str = "",
    exclude_pk: int | None = None,
) -> str | None:
    """Check a child's birth date and identity number, and that the child is not registered
    already (same number, or same name and birth date); return the canonical number.

    Raises ``ValidationError`` with a per-field message dict, so the page and the API show each
    message next to its field.
    """
    errors: dict[str, list] = {}
    today = clock.today()
    if date_of_birth > today:
        errors.setdefault("date_of_birth", []).append(_("The date of birth is in the future."))
    elif (today.year - date_of_birth.year) - (
        (today.month, today.day)
        < (
            date_of_birth.month,
            date_of_birth.day,
        )
    ) > MAX_CHILD_AGE:
        errors.setdefault("date_of_birth", []).append(
            _("Helhet follows up children and young people aged 0–24.")
        )
    canonical = None
    if national_id:
        try:
            parsed = nordic_id.parse(national_id, municipality.country)
        except ValidationError as exc:
            errors.setdefault("national_id", []).extend(exc.messages)
        else:
            canonical = parsed.number
            if parsed.birth_date != date_of_birth and "date_of_birth" not in errors:
                errors.setdefault("national_id", []).append(
                    _("The identity number does not match the date of birth.")
                )
            duplicates = Child.objects.filter(municipality=municipality, national_id=canonical)
            if exclude_pk:
                duplicates = duplicates.exclude(pk=exclude_pk)
            if duplicates.exists():
                errors.setdefault("national_id", []).append(
                    _("A child with this identity number is already registered.")
                )
    if not errors and given_name.strip() and family_name.strip():
        same_person = Child.objects.filter(
            municipality=municipality,
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )
        if exclude_pk:
            same_person = same_person.exclude(pk=exclude_pk)
        if same_person.exists():
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "A child with this name and date of birth is already registered. Go "
                        "back to “Find the child” and register the concern about that child."
                    ),
                    code=DUPLICATE_CHILD,
                )
            )
    if errors:
        raise ValidationError(errors)
    return canonical


@transaction.atomic
def child_create(
    *,
    municipality: Municipality,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    national_id: str | None = None,
) -> Child:
    check_model_texts(Child, {"given_name": given_name, "family_name": family_name})
    canonical = child_validate(
        municipality=municipality,
        date_of_birth=date_of_birth,
        national_id=national_id,
        given_name=given_name,
        family_name=family_name,
    )
    return Child.objects.create(
        municipality=municipality,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        national_id=canonical,
    )


@transaction.atomic
def network_person_add(*, child: Child, name: str, relation: str, **details) -> NetworkPerson:
    """A guardian or another person around the child. A guardian's identity number lets them
    log in to the portal (it is checked like the child's); a portal restriction shuts them out."""
    number = details.pop("national_id", None) or None
    if number:
        try:
            details["national_id"] = nordic_id.parse(number, child.municipality.country).number
        except ValidationError as error:
            raise ValidationError({"national_id": error.messages}) from None
        if details["national_id"] == child.national_id:
            raise ValidationError({"national_id": [_("This is the child's own identity number.")]})
    if details.get("portal_restriction") == PortalRestriction.PROTECTED_ADDRESS:
        details["address_protected"] = True
    check_model_texts(
        NetworkPerson, {"name": name, **{k: v for k, v in details.items() if isinstance(v, str)}}
    )
    person = NetworkPerson(
        child=child, municipality_id=child.municipality_id, name=name, relation=relation, **details
    )
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def professional_create(
    *,
    municipality: Municipality,
    email: str,
    name: str,
    password: str | None = None,
    title: str = "",
    phone: str = "",
    is_municipal_admin: bool = False,
    is_demo: bool = False,
) -> Professional:
    check_model_texts(User, {"name": name})
    check_model_texts(Professional, {"title": title, "phone": phone})
    user = User.objects.create_user(email=email, password=password, name=name, is_demo=is_demo)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return Professional.objects.create(
        user=user,
        municipality=municipality,
        title=title,
        phone=phone,
        is_municipal_admin=is_municipal_admin,
    )


@transaction.atomic
def membership_add(
    *, professional: Professional, service: Service, role: str = MembershipRole.STAFF
) -> Membership:
    if service.municipality_id != professional.municipality_id:
        raise ValidationError(
            _("A professional can only be a member of services in their own municipality.")
        )
    membership, _created = Membership.objects.update_or_create(
        professional=professional, service=service, defaults={"role": role}
    )
    return membership


@transaction.atomic
def child_register(
    *, registered_by, municipality: Municipality, child: dict, guardians: list[dict]
) -> Child:
    """A new child and their guardians, all or nothing, with each write in the access log."""
    from helhet.audit.services import audit_record

    record = child_create(municipality=municipality, **child)
    audit_record(
        actor=registered_by,
        action="child.create",
        purpose="register concern",
        municipality_id=municipality.pk,
        child_id=record.pk,
        obj=record,
    )
    for number, fields in enumerate(guardians, start=1):
        try:
            person = network_person_add(child=record, **fields)
        except ValidationError as error:
            # Named by the guardian's place in the form, so both doors show whose number it is.
            problems = (
                error.message_dict.get("national_id") if hasattr(error, "error_dict") else None
            )
            if not problems:
                raise
            raise ValidationError(
                _("Guardian %(number)d: %(problem)s")
                % {"number": number, "problem": " ".join(problems)}
            ) from None
        audit_record(
            actor=registered_by,
            action="network.create",
            purpose="register concern",
            municipality_id=municipality.pk,
            child_id=record.pk,
            obj=person,
        )
    return record


@transaction.atomic
def child_national_id_add(
    *, added_by, child_pk: int, national_id: str, found_by_actor: bool
) -> Child:
    """Give a child registered without an identity number its number, in the access log.

    Allowed to whoever may register a concern about the child (``can_start_concern_about``:
    their own municipality, the child found by exact search or already visible to them);
    anyone else, and a child that does not exist, gets ``Http404``. The number must be valid,
    match the child's birth date and belong to no other child of the municipality; a child
    that has a number keeps it. Refusals are a ``ValidationError`` naming ``national_id``.
    """
    from helhet.access import policy
    from helhet.audit.services import audit_record

    if policy.actor_professional(added_by) is None:
        raise Http404
    child = Child.objects.select_for_update().filter(pk=child_pk).first()
    if child is None:
        raise Http404
    if not policy.can_start_concern_about(added_by, child, found_by_actor=found_by_actor):
        raise Http404
    if child.national_id:
        raise ValidationError(
            {"national_id": [_("The child already has an identity number; it was not changed.")]}
        )
    if not (national_id or "").strip():
        raise ValidationError({"national_id": [_("Enter the identity number.")]})
    child.national_id = child_validate(
        municipality=child.municipality,
        date_of_birth=child.date_of_birth,
        national_id=national_id,
        exclude_pk=child.pk,
    )
    try:
        with transaction.atomic():  # another child given the same number at the same moment
            child.save(update_fields=["national_id"])
    except IntegrityError:
        raise ValidationError(
            {"national_id": [_("A child with this identity number is already registered.")]}
        ) from None
    audit_record(
        actor=added_by,
        action="child.national_id_add",
        purpose="register concern",
        municipality_id=child.municipality_id,
        child_id=child.pk,
        obj=child,
    )
    return child
