"""Reads for people."""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.db import transaction
from django.http import Http404

from helhet.core import clock
from helhet.people import nordic_id
from helhet.people.models import Child, Professional, User


def professional_of(user) -> Professional | None:
    """The user's professional profile (cached on the user object), or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_helhet_professional"):
        user._helhet_professional = (
            Professional.objects.select_related("municipality").filter(user=user).first()
        )
    return user._helhet_professional


def child_with_network(child) -> Child:
    """A child just written by the caller, with the network prefetched for the answer."""
    return Child.objects.prefetch_related("network").get(pk=child.pk)


@dataclasses.dataclass(frozen=True)
class RegisteredChild:
    """A child registered already, as much as the person registering typed in themselves."""

    pk: int
    given_name: str
    family_name: str
    date_of_birth: datetime.date
    has_national_id: bool


def child_duplicates(
    *, fetched_by, given_name: str, family_name: str, date_of_birth: datetime.date
) -> list[RegisteredChild]:
    """Children of the actor's municipality with exactly this name and birth date: the ones a
    refused registration collided with. Each is logged as looked up, as the search logs it, so
    a concern about it may follow (``policy.can_start_concern_about``)."""
    from helhet.access.policy import actor_professional
    from helhet.audit.services import audit_record

    professional = actor_professional(fetched_by)
    if professional is None:
        raise Http404
    children = (
        Child.objects.filter(
            municipality_id=professional.municipality_id,
            given_name__iexact=given_name.strip(),
            family_name__iexact=family_name.strip(),
            date_of_birth=date_of_birth,
        )
        .only("pk", "given_name", "family_name", "date_of_birth", "national_id")
        .order_by("pk")
    )
    with transaction.atomic():
        found = [
            RegisteredChild(c.pk, c.given_name, c.family_name, c.date_of_birth, bool(c.national_id))
            for c in children[:5]
        ]
        for child in found:
            audit_record(
                actor=fetched_by,
                action="child.lookup",
                purpose="check for a duplicate before registering a child",
                municipality_id=professional.municipality_id,
                child_id=child.pk,
            )
    return found


# Ages of the children the demo's example numbers are for: a toddler, a pupil, a teenager.
_DEMO_AGES_IN_DAYS = (3 * 365 + 40, 9 * 365 + 100, 15 * 365 + 200)


def demo_synthetic_numbers(*, municipality) -> list[nordic_id.NationalId]:
    """A few synthetic identity numbers, made by the same code as the demo data, that no child
    of the municipality has yet: for trying out a registration in the demo. The same ones all
    day, so the hint does not change between the search and the registration."""
    today = clock.today()
    rng = random.Random(f"{municipality.pk}:{today.isoformat()}")  # noqa: S311 (not a secret)
    birth_dates = [today - datetime.timedelta(days=days) for days in _DEMO_AGES_IN_DAYS]
    candidates = nordic_id.synthetic_examples(municipality.country, birth_dates * 2, rng)
    taken = set(
        Child.objects.filter(
            municipality=municipality, national_id__in=[c.number for c in candidates]
        ).values_list("national_id", flat=True)
    )
    examples, dates = [], set()
    for candidate in candidates:
        if candidate.number not in taken and candidate.birth_date not in dates:
            examples.append(candidate)
            dates.add(candidate.birth_date)
    return examples


def professional_ids_by_user(user_ids) -> dict[int, int]:
    """{user id: professional id} for the users that are professionals (one query)."""
    return dict(Professional.objects.filter(user_id__in=user_ids).values_list("user_id", "pk"))


def demo_users(limit: int = 12) -> list[User]:
    """The demo's active accounts, for the login page while the demo runs."""
    return list(User.objects.filter(is_demo=True, is_active=True).order_by("email")[:limit])
