"""Reads of wellbeing screening: the groups an actor works with, one group, one round with its
ratings (recorded reads: they name children), and the leaders' aggregates per group and term
with small-number suppression (no child named; nothing recorded)."""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.db.models import Count, Q

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.suppression import SuppressedTable, suppress_table
from helhet.people.models import Professional
from helhet.screening.models import (
    Colour,
    Group,
    Rating,
    RoundChild,
    ScreeningRound,
    Term,
)
from helhet.screening.services import CONCERN_COLOURS, PURPOSE
from helhet.tenancy.models import LifeArea


def group_list(*, fetched_by) -> list[Group]:
    """The groups (no child named): on whose staff the actor is, or whose service they lead."""
    return list(
        policy.screening_groups_visible_to(fetched_by)
        .filter(is_active=True)
        .select_related("service")
        .annotate(
            n_children=Count("memberships", distinct=True),
            n_open=Count("rounds", filter=Q(rounds__closed_at__isnull=True), distinct=True),
        )
        .order_by("service__name", "name", "pk")
    )


def _read(actor, action: str, group: Group, obj) -> None:
    audit_record(
        actor=actor,
        action=action,
        purpose=PURPOSE,
        actor_role=policy.screening_role(actor, group),
        municipality_id=group.service.municipality_id,
        service_id=group.service_id,
        obj=obj,
    )


@dataclasses.dataclass(frozen=True)
class GroupPage:
    group: Group
    children: list
    staff: list
    rounds: list
    can_keep: bool
    candidates: list  # the service's staff who are not on the group's staff yet


def group_detail(*, fetched_by, pk: int) -> GroupPage:
    group = policy.get_screening_group_or_404(fetched_by, pk)
    can_keep = policy.can_keep_screening_group(fetched_by, group)
    with transaction.atomic():
        children = [
            m.child
            for m in group.memberships.select_related("child").order_by(
                "child__family_name", "child__given_name", "pk"
            )
        ]
        staff = list(group.staff.select_related("professional__user").order_by("pk"))
        _read(fetched_by, "screening.group.read", group, group)
    rounds = list(group.rounds.annotate(n_children=Count("children")))
    candidates = []
    if can_keep:
        on_staff = {s.professional_id for s in staff}
        candidates = [
            p
            for p in Professional.objects.filter(
                memberships__service=group.service, user__is_active=True
            )
            .select_related("user")
            .order_by("user__name", "pk")
            if p.pk not in on_staff
        ]
    return GroupPage(group, children, staff, rounds, can_keep, candidates)


@dataclasses.dataclass(frozen=True)
class RoundRow:
    round_child: RoundChild
    ratings: dict[int, str]  # area pk → colour
    cells: list[tuple[object, str]]  # (area, colour or "") in the round's order of areas

    @property
    def needs_talk(self) -> bool:
        return any(colour in CONCERN_COLOURS for colour in self.ratings.values())


@dataclasses.dataclass(frozen=True)
class RoundPage:
    round: ScreeningRound
    areas: list
    rows: list[RoundRow]
    can_keep: bool

    @property
    def talks(self) -> list[RoundRow]:
        return [row for row in self.rows if row.needs_talk]

    @property
    def not_informed(self) -> list[RoundRow]:
        return [row for row in self.rows if row.round_child.parents_informed_on is None]


def round_detail(*, fetched_by, pk: int) -> RoundPage:
    screening_round = policy.get_screening_round_or_404(fetched_by, pk)
    group = screening_round.group
    areas = list(screening_round.areas.order_by("position", "pk"))
    with transaction.atomic():
        round_children = list(
            screening_round.children.select_related("child", "concern").order_by(
                "child__family_name", "child__given_name", "pk"
            )
        )
        ratings: dict[int, dict[int, str]] = {}
        for round_child_pk, area_pk, colour in Rating.objects.filter(
            round_child__round=screening_round
        ).values_list("round_child_id", "area_id", "colour"):
            ratings.setdefault(round_child_pk, {})[area_pk] = colour
        _read(fetched_by, "screening.round.read", group, screening_round)
    return RoundPage(
        round=screening_round,
        areas=areas,
        rows=[
            RoundRow(
                rc,
                ratings.get(rc.pk, {}),
                [(area, ratings.get(rc.pk, {}).get(area.pk, "")) for area in areas],
            )
            for rc in round_children
        ],
        can_keep=policy.can_keep_screening_group(fetched_by, group),
    )


def round_child_detail(*, fetched_by, pk: int) -> tuple[RoundChild, RoundRow]:
    """One child of a round with their ratings (for the concern it leads to); a recorded read."""
    round_child = policy.get_round_child_or_404(fetched_by, pk)
    group = round_child.round.group
    areas = list(round_child.round.areas.order_by("position", "pk"))
    with transaction.atomic():
        ratings = dict(round_child.ratings.values_list("area_id", "colour"))
        audit_record(
            actor=fetched_by,
            action="screening.round.read",
            purpose=PURPOSE,
            actor_role=policy.screening_role(fetched_by, group),
            municipality_id=group.service.municipality_id,
            service_id=group.service_id,
            child_id=round_child.child_id,
            obj=round_child,
        )
    return round_child, RoundRow(
        round_child, ratings, [(area, ratings.get(area.pk, "")) for area in areas]
    )


# --- the leaders' aggregates -----------------------------------------------------------------

COLOURS = list(Colour.values)
INFORMED = ["told", "not_told"]


@dataclasses.dataclass(frozen=True)
class ShownTable:
    """A suppressed table as a page shows it: one row per group, then the totals; None:
    hidden."""

    title: object  # the area, or None for the parents told
    rows: list[tuple[Group, list[int | None], int | None]]
    totals: list[int | None]
    total: int | None

    @classmethod
    def of(cls, title, groups: list[Group], columns: list[str], table: SuppressedTable):
        return cls(
            title,
            [
                (
                    g,
                    [table.cells[str(g.pk)][c] for c in columns],
                    table.row_totals[str(g.pk)],
                )
                for g in groups
            ],
            [table.column_totals[c] for c in columns],
            table.total,
        )


@dataclasses.dataclass(frozen=True)
class Overview:
    service: object
    year: int
    term: str
    groups: list[Group]
    areas: list[ShownTable]  # groups × green, yellow, red
    informed: ShownTable  # groups × told, not told

    @property
    def term_label(self) -> str:
        return Term(self.term).label


def terms_screened(service) -> list[tuple[int, str]]:
    """The terms in which a group of the service was screened, newest first."""
    return list(
        ScreeningRound.objects.filter(group__service=service)
        .order_by("-year", "-term")
        .values_list("year", "term")
        .distinct()
    )


def overview(*, fetched_by, service_pk: int, year: int, term: str) -> Overview | None:
    """How many children of each group of the service were rated green, yellow and red on each
    area in a term, and how many parents were told, suppressed (``suppress_table``): no count
    below 5, none that lets one be derived. Only the service's leaders; None: not theirs."""
    service = policy.screening_services_led(fetched_by).filter(pk=service_pk).first()
    if service is None:
        return None
    rounds = ScreeningRound.objects.filter(group__service=service, year=year, term=term)
    groups = list(Group.objects.filter(rounds__in=rounds).order_by("name", "pk"))
    names = {g.pk: str(g.pk) for g in groups}
    counts: dict[int, dict[str, dict[str, int]]] = {}
    for area_pk, group_pk, colour, n in (
        Rating.objects.filter(round_child__round__in=rounds)
        .values_list("area_id", "round_child__round__group_id", "colour")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(area_pk, {}).setdefault(names[group_pk], {})[colour] = n
    # The areas any of the term's rounds rated.
    areas = LifeArea.objects.filter(
        pk__in=ScreeningRound.areas.through.objects.filter(screeninground__in=rounds).values(
            "lifearea_id"
        )
    ).order_by("position", "pk")
    informed: dict[str, dict[str, int]] = {names[g.pk]: {} for g in groups}
    for group_pk, told, n in (
        RoundChild.objects.filter(round__in=rounds)
        .values_list("round__group_id")
        .annotate(told=Count("pk", filter=Q(parents_informed_on__isnull=False)), n=Count("pk"))
        .values_list("round__group_id", "told", "n")
        .order_by()
    ):
        informed[names[group_pk]] = {"told": told, "not_told": n - told}
    return Overview(
        service=service,
        year=year,
        term=term,
        groups=groups,
        areas=[
            ShownTable.of(
                area,
                groups,
                COLOURS,
                suppress_table(
                    {names[g.pk]: counts.get(area.pk, {}).get(names[g.pk], {}) for g in groups},
                    COLOURS,
                ),
            )
            for area in areas
        ],
        informed=ShownTable.of(None, groups, INFORMED, suppress_table(informed, INFORMED)),
    )


OVERVIEW_HEADER = ["year", "term", "group", "table", "column", "n"]


def overview_export(*, fetched_by, service_pk: int, year: int, term: str) -> list[list] | None:
    """The overview as rows (codes; a hidden figure empty): per area and group the children
    rated each colour and in all ("rated"), the parents told, and the totals (an empty group).
    The download is recorded. None: not the actor's to see."""
    found = overview(fetched_by=fetched_by, service_pk=service_pk, year=year, term=term)
    if found is None:
        return None
    rows = []

    def add(table: str, shown: ShownTable, columns: list[str]) -> None:
        lines = [(g.name, cells, total) for g, cells, total in shown.rows]
        lines.append(("", shown.totals, shown.total))
        for group, cells, total in lines:
            for column, n in [*zip(columns, cells, strict=True), ("rated", total)]:
                rows.append([year, term, group, table, column, "" if n is None else n])

    for shown in found.areas:
        add(shown.title.code, shown, COLOURS)
    add("parents_informed", found.informed, INFORMED)
    with transaction.atomic():
        audit_record(
            actor=fetched_by,
            action="screening.overview_export",
            purpose="screening overview",
            municipality_id=found.service.municipality_id,
            service_id=found.service.pk,
        )
    return rows
