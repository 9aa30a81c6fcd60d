"""Writes of wellbeing screening: groups (their children and staff), rounds, ratings, that the
parents were told, the talk with them, and a concern in one step. Each takes the actor, checks
the policy and records the access log in the same transaction; a refused write changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.people.models import Child, Professional
from helhet.screening.models import (
    Colour,
    Group,
    GroupChild,
    GroupStaff,
    Rating,
    RoundChild,
    ScreeningRound,
    TalkOutcome,
)
from helhet.tenancy.selectors import life_areas_of

PURPOSE = "wellbeing screening"
CONCERN_COLOURS = (Colour.YELLOW, Colour.RED)


def _record(actor, action: str, group: Group, *, child_id: int | None = None, obj=None) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose=PURPOSE,
        actor_role=policy.screening_role(actor, group),
        municipality_id=group.service.municipality_id,
        service_id=group.service_id,
        child_id=child_id,
        obj=obj or group,
    )


def _kept_group(actor, group_pk: int) -> Group:
    """The group, locked, if the actor keeps it (a leader of its service); else 404."""
    group = (
        Group.objects.select_for_update(of=("self",))
        .select_related("service")
        .filter(pk=group_pk)
        .first()
    )
    if group is None or not policy.can_keep_screening_group(actor, group):
        raise Http404
    return group


def _open_round_of(group: Group) -> ScreeningRound | None:
    return group.rounds.filter(closed_at__isnull=True).first()


# --- groups ---------------------------------------------------------------------------------


@transaction.atomic
def group_create(*, created_by, service_pk: int, name: str) -> Group:
    service = policy.screening_services_led(created_by).filter(pk=service_pk).first()
    if service is None:
        raise Http404
    name = name.strip()
    if Group.objects.filter(service=service, name__iexact=name).exists():
        raise DomainError(_("The school or kindergarten has a group with this name."), field="name")
    group = Group.objects.create(service=service, name=name)
    _record(created_by, "screening.group.create", group)
    return group


def _child_in_municipality(group: Group, national_id: str) -> Child:
    child = Child.objects.filter(
        municipality_id=group.service.municipality_id, national_id=national_id.strip()
    ).first()
    if child is None:
        raise DomainError(
            _("No child of the municipality has this identity number."), field="national_id"
        )
    return child


def add_child_to_group(group: Group, child: Child) -> bool:
    """Add a child to the group and to its open round; False if it was there already. The
    caller has checked the actor and records the access log."""
    _member, added = GroupChild.objects.get_or_create(group=group, child=child)
    open_round = _open_round_of(group)
    if open_round is not None:
        RoundChild.objects.get_or_create(round=open_round, child=child)
    return added


@transaction.atomic
def group_child_add(*, added_by, group_pk: int, national_id: str) -> GroupChild:
    group = _kept_group(added_by, group_pk)
    child = _child_in_municipality(group, national_id)
    if not add_child_to_group(group, child):
        raise DomainError(_("The child is in the group already."), field="national_id")
    _record(added_by, "screening.group.child_add", group, child_id=child.pk)
    return GroupChild.objects.get(group=group, child=child)


@transaction.atomic
def group_child_remove(*, removed_by, group_pk: int, child_pk: int) -> None:
    """The child leaves the group; ratings of earlier rounds stay with those rounds."""
    group = _kept_group(removed_by, group_pk)
    deleted, _kinds = GroupChild.objects.filter(group=group, child_id=child_pk).delete()
    if not deleted:
        raise Http404
    open_round = _open_round_of(group)
    if open_round is not None:  # not yet rated: not part of this round either
        RoundChild.objects.filter(
            round=open_round, child_id=child_pk, ratings__isnull=True
        ).delete()
    _record(removed_by, "screening.group.child_remove", group, child_id=child_pk)


@transaction.atomic
def group_staff_add(*, added_by, group_pk: int, professional_pk: int) -> GroupStaff:
    group = _kept_group(added_by, group_pk)
    professional = Professional.objects.filter(
        pk=professional_pk, memberships__service=group.service, user__is_active=True
    ).first()
    if professional is None:
        raise DomainError(
            _("The group's staff must work at the school or kindergarten."), field="professional"
        )
    staff, created = GroupStaff.objects.get_or_create(group=group, professional=professional)
    if not created:
        raise DomainError(_("They are on the group's staff already."), field="professional")
    _record(added_by, "screening.group.staff", group, obj=staff)
    return staff


@transaction.atomic
def group_staff_remove(*, removed_by, group_pk: int, professional_pk: int) -> None:
    group = _kept_group(removed_by, group_pk)
    deleted, _kinds = GroupStaff.objects.filter(
        group=group, professional_id=professional_pk
    ).delete()
    if not deleted:
        raise Http404
    _record(removed_by, "screening.group.staff", group)


# --- rounds and ratings -----------------------------------------------------------------------


@transaction.atomic
def round_open(*, opened_by, group_pk: int, year: int, term: str, area_pks: list[int]):
    """Open the group's screening for a term, on areas of the municipality's framework, for the
    children in the group now (children added later join the open round)."""
    group = policy.get_screening_group_or_404(opened_by, group_pk)
    group = Group.objects.select_for_update(of=("self",)).select_related("service").get(pk=group.pk)
    if _open_round_of(group) is not None:
        raise DomainError(_("Close the group's open round before you open a new one."))
    if abs(year - clock.today().year) > 1:
        raise DomainError(_("Choose this year, last year or next year."), field="year")
    areas = list(
        life_areas_of(group.service.municipality).filter(pk__in=area_pks).order_by("position")
    )
    if not areas or len(areas) != len(set(area_pks)):
        raise DomainError(
            _("Choose one or more areas of the municipality's wellbeing framework."),
            field="areas",
        )
    children = list(group.memberships.values_list("child_id", flat=True))
    if not children:
        raise DomainError(_("The group has no children yet."))
    try:
        with transaction.atomic():
            screening_round = ScreeningRound.objects.create(
                group=group, year=year, term=term, opened_by=policy.actor_professional(opened_by)
            )
    except IntegrityError:
        raise DomainError(_("The group has a round for this term already."), field="term") from None
    screening_round.areas.set(areas)
    RoundChild.objects.bulk_create(
        [RoundChild(round=screening_round, child_id=child_pk) for child_pk in children]
    )
    _record(opened_by, "screening.round.open", group, obj=screening_round)
    return screening_round


def _round_for_writing(actor, round_pk: int) -> ScreeningRound:
    screening_round = policy.get_screening_round_or_404(actor, round_pk)
    screening_round = (
        ScreeningRound.objects.select_for_update(of=("self",))
        .select_related("group__service")
        .get(pk=screening_round.pk)
    )
    if screening_round.closed_at is not None:
        raise DomainError(_("The round is closed; its ratings can no longer be changed."))
    return screening_round


@transaction.atomic
def ratings_save(*, rated_by, round_pk: int, ratings: dict[tuple[int, int], str]) -> int:
    """Save a round's ratings: ``{(child_pk, area_pk): colour}``, an empty colour clearing
    one. Every rating is checked first (the child in the round, the area one of the round's,
    the colour one of the three); one wrong refuses them all. Returns how many changed."""
    screening_round = _round_for_writing(rated_by, round_pk)
    round_children = {rc.child_id: rc for rc in screening_round.children.select_related("child")}
    area_pks = set(screening_round.areas.values_list("pk", flat=True))
    for (child_pk, area_pk), colour in ratings.items():
        if child_pk not in round_children:
            raise DomainError(
                _("A rating is for a child who is not in the group (child %(pk)s).")
                % {"pk": child_pk},
                field="ratings",
            )
        if area_pk not in area_pks:
            raise DomainError(
                _("A rating is for an area the round does not rate."), field="ratings"
            )
        if colour and colour not in Colour.values:
            raise DomainError(_("A rating must be green, yellow or red."), field="ratings")
    rater = policy.actor_professional(rated_by)
    existing = {
        (r.round_child.child_id, r.area_id): r
        for r in Rating.objects.filter(round_child__round=screening_round).select_related(
            "round_child"
        )
    }
    changed = 0
    for (child_pk, area_pk), colour in ratings.items():
        rating = existing.get((child_pk, area_pk))
        if not colour:
            if rating is not None:
                rating.delete()
                changed += 1
            continue
        if rating is None:
            Rating.objects.create(
                round_child=round_children[child_pk], area_id=area_pk, colour=colour, rated_by=rater
            )
        elif rating.colour != colour:
            rating.colour, rating.rated_by = colour, rater
            rating.save(update_fields=["colour", "rated_by", "rated_at"])
        else:
            continue
        changed += 1
    if changed:
        _record(rated_by, "screening.ratings", screening_round.group, obj=screening_round)
    return changed


def _not_after_today(on: datetime.date, field: str) -> None:
    if on > clock.today():
        raise DomainError(_("The date cannot be in the future."), field=field)


@transaction.atomic
def parents_informed(
    *, recorded_by, round_pk: int, child_pks: list[int], on: datetime.date, how: str
) -> int:
    """Record that the parents of these children were told that the group is screened."""
    screening_round = policy.get_screening_round_or_404(recorded_by, round_pk)
    _not_after_today(on, "on")
    found = RoundChild.objects.filter(round=screening_round, child_id__in=child_pks)
    if not child_pks or found.count() != len(set(child_pks)):
        raise DomainError(_("Choose children of the round."), field="children")
    updated = found.update(parents_informed_on=on, parents_informed_how=how)
    _record(recorded_by, "screening.parents_informed", screening_round.group, obj=screening_round)
    return updated


def _locked_round_child(actor, pk: int) -> RoundChild:
    round_child = policy.get_round_child_or_404(actor, pk)
    return (
        RoundChild.objects.select_for_update(of=("self",))
        .select_related("round__group__service", "child")
        .get(pk=round_child.pk)
    )


@transaction.atomic
def talk_record(*, recorded_by, round_child_pk: int, on: datetime.date, outcome: str) -> RoundChild:
    """The talk with the parents that a yellow or red rating leads to: when, and what next."""
    round_child = _locked_round_child(recorded_by, round_child_pk)
    if not round_child.ratings.filter(colour__in=CONCERN_COLOURS).exists():
        raise DomainError(_("A talk is recorded for a child rated yellow or red."))
    _not_after_today(on, "on")
    if outcome not in TalkOutcome.values:
        raise DomainError(_("Choose what the talk led to."), field="outcome")
    round_child.talk_on = on
    round_child.talk_outcome = outcome
    round_child.talk_by = policy.actor_professional(recorded_by)
    round_child.save(update_fields=["talk_on", "talk_outcome", "talk_by"])
    _record(
        recorded_by,
        "screening.talk",
        round_child.round.group,
        child_id=round_child.child_id,
        obj=round_child,
    )
    return round_child


@transaction.atomic
def concern_register(*, registered_by, round_child_pk: int, **concern_fields):
    """A concern of the group's school or kindergarten about the child, in one step."""
    round_child = _locked_round_child(registered_by, round_child_pk)
    group = round_child.round.group
    concern = case_services.concern_register(
        registered_by=registered_by,
        service=group.service,
        child=round_child.child,
        **concern_fields,
    )
    round_child.concern = concern
    round_child.save(update_fields=["concern"])
    _record(
        registered_by, "screening.concern", group, child_id=round_child.child_id, obj=round_child
    )
    return concern


@transaction.atomic
def round_close(*, closed_by, round_pk: int) -> ScreeningRound:
    screening_round = _round_for_writing(closed_by, round_pk)
    if not policy.can_keep_screening_group(closed_by, screening_round.group):
        raise Http404
    screening_round.closed_at = clock.now()
    screening_round.save(update_fields=["closed_at"])
    _record(closed_by, "screening.round.close", screening_round.group, obj=screening_round)
    return screening_round
