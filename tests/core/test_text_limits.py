"""Bounded, clean free text (helhet.core.text, docs/text-limits.md).

Every free-text input is defined once in ``INPUTS``, with its limit, how it is sent through the
web page, through the API and straight to its service, and where its text is stored. From that
one definition, for each door: one character over the limit is refused with a message giving
the limit and the length, the page keeps what was typed, and nothing is written (no row, no
version bump, no audit event of a write); exactly the limit is accepted; bidi controls are
removed by the doors and refused by the services. A 2.4 MB log entry is refused everywhere, and
the database itself refuses an over-long or bidi-laden log entry.
"""

from __future__ import annotations

import dataclasses
import datetime
import inspect
import re
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from rest_framework import serializers

from helhet.api.serializers import base as serializer_base
from helhet.api.serializers import directory as directory_serializers
from helhet.api.serializers import people as people_serializers
from helhet.api.serializers import plans as plan_serializers
from helhet.api.serializers import relay as relay_serializers
from helhet.audit.actions import ACTIONS
from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.forms import case as case_forms
from helhet.cases.forms import concerns as concern_forms
from helhet.cases.models import (
    Case,
    Concern,
    Handover,
    HandoverStatus,
    LogEntry,
    LogKind,
    TeamMember,
)
from helhet.cases.services.common import log
from helhet.consent import services as consent_services
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from helhet.core import text as t
from helhet.core.errors import DomainError
from helhet.directory import forms as directory_forms
from helhet.directory import services as directory_services
from helhet.directory.models import ContactPerson, Service
from helhet.people import services as people_services
from helhet.people.models import Child, Membership, NetworkPerson, Professional
from helhet.plans import forms as plan_forms
from helhet.plans import services as plan_services
from helhet.plans.models import Evaluation, Goal, Measure, Meeting, MeetingDecision
from helhet.reminders.models import Task
from helhet.tenancy.models import LifeArea
from tests.api.conftest import api_client
from tests.conftest import give_second_factor
from tests.factories import ProfessionalFactory
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db

BIDI = "Hun sa \u2067«nei»\u2069 og \u202egikk\u202c \u202ahjem\u202b\u202d.\u2066\u2068\u2069"
PROBLEM = "application/problem+json"
WRITES = {a for a in ACTIONS if not a.endswith((".read", ".lookup", ".list", ".export"))} - {
    "audit.search"
}


def filler(length: int) -> str:
    """ASCII prose of exactly ``length`` characters that does not end in a space."""
    prose = "Vi snakket om skolen og om morgenene. " * (length // 38 + 1)
    return prose[: length - 1] + "."


def too_long(limit: int, length: int) -> str:
    return f"Keep it to at most {limit:,} characters (you wrote {length:,})."


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def written() -> tuple:
    """A fingerprint of everything the doors could write."""
    return (
        AuditEvent.objects.filter(action__in=WRITES).count(),
        tuple(Case.objects.order_by("pk").values_list("version", flat=True)),
        LogEntry.objects.count(),
        Concern.objects.exclude(status="open").count(),
        Concern.objects.count(),
        TeamMember.objects.filter(left_at__isnull=True).count(),
        TeamMember.objects.count(),
        Consent.objects.filter(withdrawn_at__isnull=False).count(),
        Consent.objects.count(),
        LawfulBasis.objects.count(),
        Handover.objects.exclude(status=HandoverStatus.PENDING).count(),
        Handover.objects.count(),
        Child.objects.count(),
        NetworkPerson.objects.count(),
        Goal.objects.count(),
        Measure.objects.count(),
        Evaluation.objects.count(),
        tuple(Meeting.objects.order_by("pk").values_list("status", flat=True)),
        MeetingDecision.objects.count(),
        Task.objects.count(),
        Service.objects.count(),
        ContactPerson.objects.count(),
    )


# --- the world each input is sent into ---------------------------------------------------------


@dataclasses.dataclass
class Ctx:
    world: World
    actor: Professional
    case: Case | None = None
    entry: LogEntry | None = None
    member: TeamMember | None = None
    consent: Consent | None = None
    handover: Handover | None = None
    concern: Concern | None = None
    goal: Goal | None = None
    meeting: Meeting | None = None
    client: Any = None  # the logged-in page client, for forms that hand out a token first

    @property
    def version(self) -> int:
        return Case.objects.get(pk=self.case.pk).version

    def api(self, rest: str = "") -> str:
        return f"/api/v1/cases/{self.case.pk}/{rest}"

    def page(self, name: str, *objects) -> str:
        return reverse(name, args=[self.case.pk, *(o.pk for o in objects)])

    def membership(self, professional: Professional) -> int:
        return Membership.objects.get(professional=professional).pk


def relay(world: World) -> Ctx:
    """An open case coordinated by the teacher; the school is covered by consent."""
    return Ctx(world=world, actor=world.teacher, case=world.case(consent_for=(world.school,)))


def relay_covered(world: World) -> Ctx:
    """The same, with health covered too (the nurse may join or take over)."""
    return Ctx(
        world=world,
        actor=world.teacher,
        case=world.case(consent_for=(world.school, world.health)),
    )


def relay_with_nurse(world: World) -> Ctx:
    ctx = relay_covered(world)
    ctx.member = case_services.team_member_add(
        case=ctx.case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    return ctx


def relay_with_entry(world: World) -> Ctx:
    ctx = relay(world)
    ctx.entry = case_services.log_entry_add(
        case=ctx.case, author=world.teacher.user, kind="note", text="Samtale med mor."
    )
    return ctx


def relay_with_ppt_consent(world: World) -> Ctx:
    ctx = relay(world)
    ctx.consent = world.consent(ctx.case, world.ppt)
    return ctx


def relay_with_handover(world: World) -> Ctx:
    ctx = relay_covered(world)
    ctx.handover = case_services.handover_propose(
        case=ctx.case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
        reason="Helse følger opp tettest nå.",
    )
    ctx.actor = world.nurse
    return ctx


def open_concern(world: World) -> Ctx:
    # The teacher's own concern: they see the child (and may register another), and decide it.
    return Ctx(world=world, actor=world.teacher, concern=world.concern())


def no_case(world: World) -> Ctx:
    return Ctx(world=world, actor=world.teacher)


def plan(world: World) -> Ctx:
    return relay_with_nurse(world)


def plan_with_goal(world: World) -> Ctx:
    ctx = plan(world)
    ctx.goal = plan_services.goal_add(
        case=ctx.case,
        added_by=world.teacher.user,
        life_area=_area(),
        text="Jeg vil gå på skolen hver dag.",
        whose_words="child",
        responsible_service=world.school,
    )
    return ctx


def _meeting(world: World, *, held_ago: bool) -> Ctx:
    ctx = plan(world)
    ctx.meeting = plan_services.meeting_plan(
        case=ctx.case,
        planned_by=world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=2),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[world.mother],
        professionals=[world.nurse],
    )
    if held_ago:
        Meeting.objects.filter(pk=ctx.meeting.pk).update(
            starts_at=clock.now() - datetime.timedelta(hours=2)
        )
        ctx.meeting.refresh_from_db()
    return ctx


def planned_meeting(world: World) -> Ctx:
    return _meeting(world, held_ago=False)


def held_meeting(world: World) -> Ctx:
    return _meeting(world, held_ago=True)


def directory(world: World) -> Ctx:
    admin = ProfessionalFactory(municipality=world.municipality, is_municipal_admin=True)
    give_second_factor(admin.user)
    return Ctx(world=world, actor=admin)


def _area() -> LifeArea:
    return LifeArea.objects.get(framework__code="nordic", code="learning")


# --- what each input sends ---------------------------------------------------------------------


def log_page(ctx, **fields):
    return {"version": ctx.version, "kind": "note", "text": "Notat", **fields}


def log_api(ctx, **fields):
    return {"kind": "note", "text": "Notat", **fields}


def log_service(ctx, **fields):
    return case_services.log_entry_add(
        case=ctx.case, author=ctx.actor.user, **{"kind": "note", "text": "Notat", **fields}
    )


def latest_log(ctx, kind=LogKind.NOTE) -> LogEntry:
    return LogEntry.objects.filter(case=ctx.case, kind=kind).latest("pk")


def consent_page(ctx, **fields):
    return {
        "version": ctx.version,
        "given_by": "guardians",
        "guardians": [ctx.world.mother.pk],
        "services": [ctx.world.ppt.pk],
        "purpose": "Samarbeid om skolefravær",
        "valid_from": clock.today().isoformat(),
        "method": "signed_form",
        **fields,
    }


def consent_api(ctx, **fields):
    return {
        "given_by": "guardians",
        "guardians": [ctx.world.mother.pk],
        "services": [ctx.world.ppt.pk],
        "purpose": "Samarbeid om skolefravær",
        "valid_from": clock.today().isoformat(),
        "method": "signed_form",
        **fields,
    }


def consent_service(ctx, **fields):
    args = {
        "given_by": "guardians",
        "guardians": [ctx.world.mother],
        "services": [ctx.world.ppt],
        "purpose": "Samarbeid om skolefravær",
        "valid_from": clock.today(),
        "method": "signed_form",
        **fields,
    }
    return consent_services.consent_record(case=ctx.case, recorded_by=ctx.actor.user, **args)


def once_token(ctx) -> str:
    """The concern form hands out a one-time token with the page (double-submit guard)."""
    page = ctx.client.get(reverse("cases:concern_create", args=[ctx.world.child.pk]))
    return re.search(r'name="once_token"[^>]* value="([^"]+)"', page.content.decode()).group(1)


CONCERN = {
    "observation": "Mye fravær.",
    "strengths": "Glad i fotball.",
    "child_voice": "Jeg er trøtt.",
    "child_not_asked_reason": "",
}


def concern_page(ctx, **fields):
    return {
        "service": ctx.world.school.pk,
        **CONCERN,
        "worry": 5,
        "decision_due": days(14).isoformat(),
        "once_token": once_token(ctx),
        **fields,
    }


def concern_api(ctx, **fields):
    return {
        "child": ctx.world.child.pk,
        "service": ctx.world.school.pk,
        **CONCERN,
        "worry": 5,
        **fields,
    }


def concern_service(ctx, **fields):
    return case_services.concern_register(
        registered_by=ctx.actor.user,
        service=ctx.world.school,
        child=ctx.world.child,
        worry=5,
        **{**CONCERN, **fields},
    )


def latest_concern() -> Concern:
    return Concern.objects.latest("pk")


def child_page(ctx, **fields):
    data = {
        "given_name": "Sara",
        "family_name": "Fjellstad",
        "date_of_birth": (clock.today() - datetime.timedelta(days=3000)).isoformat(),
        "national_id": "",
        "guardian1-name": "Lise Fjellstad",
        "guardian1-relation": "mother",
        "guardian1-has_parental_responsibility": "on",
        "guardian1-phone": "",
        "guardian1-email": "",
    }
    data.update(fields)
    return data


def child_api(ctx, guardian=None, **fields):
    return {
        "given_name": "Sara",
        "family_name": "Fjellstad",
        "date_of_birth": (clock.today() - datetime.timedelta(days=3000)).isoformat(),
        "guardians": [{"name": "Lise Fjellstad", "relation": "mother", **(guardian or {})}],
        **fields,
    }


def child_service(ctx, guardian=None, **fields):
    return people_services.child_register(
        registered_by=ctx.actor.user,
        municipality=ctx.world.municipality,
        child={
            "given_name": "Sara",
            "family_name": "Fjellstad",
            "date_of_birth": clock.today() - datetime.timedelta(days=3000),
            **fields,
        },
        guardians=[
            {
                "name": "Lise Fjellstad",
                "relation": "mother",
                "has_parental_responsibility": True,
                **(guardian or {}),
            }
        ],
    )


def goal_body(ctx, **fields):
    return {
        "life_area": _area().pk,
        "text": "Jeg vil gå på skolen.",
        "whose_words": "child",
        "responsible_service": ctx.world.school.pk,
        "version": ctx.version,
        **fields,
    }


def goal_service(ctx, **fields):
    args = {
        "life_area": _area(),
        "text": "Jeg vil gå på skolen.",
        "whose_words": "child",
        "responsible_service": ctx.world.school,
        **fields,
    }
    return plan_services.goal_add(case=ctx.case, added_by=ctx.actor.user, **args)


def measure_page(ctx, **fields):
    return {
        "version": ctx.version,
        "description": "Samtale med helsesykepleier.",
        "service": ctx.world.health.pk,
        "responsible": ctx.world.nurse.pk,
        "starts_on": clock.today().isoformat(),
        "ends_on": "",
        "frequency": "Hver tirsdag",
        "status": "planned",
        **fields,
    }


def measure_api(ctx, **fields):
    body = measure_page(ctx, **fields)
    del body["ends_on"]
    return body


def measure_service(ctx, **fields):
    args = {
        "description": "Samtale med helsesykepleier.",
        "service": ctx.world.health,
        "responsible": ctx.world.nurse,
        "starts_on": clock.today(),
        "ends_on": None,
        "frequency": "Hver tirsdag",
        **fields,
    }
    return plan_services.measure_add(goal=ctx.goal, added_by=ctx.actor.user, **args)


EVALUATION = {
    "worked": "Samtalene hjelper.",
    "did_not_work": "Morgenene er tunge.",
    "next_steps": "Fortsette.",
    "child_voice": "Det går bedre.",
    "child_not_asked_reason": "",
}


def evaluation_page(ctx, **fields):
    return {
        "version": ctx.version,
        "evaluated_on": clock.today().isoformat(),
        **EVALUATION,
        "team_scale": "6",
        "child_scale": "",
        "next_evaluation_due": days(90).isoformat(),
        **fields,
    }


def evaluation_api(ctx, **fields):
    return {
        "version": ctx.version,
        "evaluated_on": clock.today().isoformat(),
        **EVALUATION,
        "team_scale": 6,
        "next_evaluation_due": days(90).isoformat(),
        **fields,
    }


def evaluation_service(ctx, **fields):
    return plan_services.evaluation_record(
        case=ctx.case,
        recorded_by=ctx.actor.user,
        evaluated_on=clock.today(),
        team_scale=6,
        next_evaluation_due=days(90),
        **{**EVALUATION, **fields},
    )


def meeting_page(ctx, **fields):
    starts = clock.now() + datetime.timedelta(days=3)
    return {
        "version": ctx.version,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "place": "Skolen",
        "video_link": "",
        "agenda": "Oppfølging",
        "child_takes_part": "on",
        "guardians": [ctx.world.mother.pk],
        **fields,
    }


def meeting_api(ctx, **fields):
    return {
        "starts_at": (clock.now() + datetime.timedelta(days=3)).isoformat(),
        "duration_minutes": 60,
        "place": "Skolen",
        "agenda": "Oppfølging",
        "child_takes_part": True,
        "guardians": [ctx.world.mother.pk],
        "version": ctx.version,
        **fields,
    }


def meeting_service(ctx, **fields):
    args = {"place": "Skolen", "agenda": "Oppfølging", **fields}
    return plan_services.meeting_plan(
        case=ctx.case,
        planned_by=ctx.actor.user,
        starts_at=clock.now() + datetime.timedelta(days=3),
        duration_minutes=60,
        video_link="",
        child_takes_part=True,
        guardians=[ctx.world.mother],
        professionals=[],
        **args,
    )


MINUTES = {"summary": "Vi ble enige om frokost.", "child_voice": "Jeg er sulten."}


def minutes_page(ctx, decision=None, **fields):
    data = {
        "version": ctx.version,
        **MINUTES,
        "child_not_asked_reason": "",
        "decision-TOTAL_FORMS": 1 if decision is not None else 0,
        "decision-INITIAL_FORMS": 0,
        "decision-MIN_NUM_FORMS": 0,
        "decision-MAX_NUM_FORMS": 10,
        **fields,
    }
    if decision is not None:
        data |= {
            "decision-0-text": decision,
            "decision-0-responsible": ctx.world.nurse.pk,
            "decision-0-due_on": days(30).isoformat(),
            "decision-0-outcome": "task",
        }
    return data


def minutes_api(ctx, decision=None, **fields):
    decisions = []
    if decision is not None:
        decisions = [
            {
                "text": decision,
                "responsible": ctx.world.nurse.pk,
                "due_on": days(30).isoformat(),
                "outcome": "task",
            }
        ]
    return {"version": ctx.version, **MINUTES, "decisions": decisions, **fields}


def minutes_service(ctx, decision=None, **fields):
    decisions = []
    if decision is not None:
        decisions = [
            plan_services.DecisionInput(
                text=decision, responsible=ctx.world.nurse, due_on=days(30), outcome="task"
            )
        ]
    return plan_services.meeting_record(
        meeting=ctx.meeting,
        recorded_by=ctx.actor.user,
        decisions=decisions,
        **{**MINUTES, "child_not_asked_reason": "", **fields},
    )


def service_page(ctx, contact=None, **fields):
    data = {
        "name": "Familiesenteret",
        "sector": "family_centre",
        "description": "Foreldreveiledning.",
        "min_age": "0",
        "max_age": "18",
        "is_active": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
        "contacts-0-name": "Ola",
        "contacts-0-role": "Leder",
        "contacts-0-phone": "",
        "contacts-0-email": "",
        "contacts-0-ask_me_about": "Foreldrekurs",
        **fields,
    }
    data.update({f"contacts-0-{k}": v for k, v in (contact or {}).items()})
    return data


def service_api(ctx, contact=None, **fields):
    return {
        "name": "Familiesenteret",
        "sector": "family_centre",
        "description": "Foreldreveiledning.",
        "min_age": 0,
        "max_age": 18,
        "contacts": [{"name": "Ola", "role": "Leder", "ask_me_about": "Kurs", **(contact or {})}],
        **fields,
    }


def service_service(ctx, contact=None, **fields):
    return directory_services.service_create(
        created_by=ctx.actor.user,
        municipality=ctx.world.municipality,
        fields={
            "name": "Familiesenteret",
            "sector": "family_centre",
            "description": "Foreldreveiledning.",
            **fields,
        },
        contacts=[{"name": "Ola", "role": "Leder", **(contact or {})}],
    )


def latest_service() -> Service:
    return Service.objects.latest("pk")


# --- the inputs ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Page:
    url: Callable[[Ctx], str]
    data: Callable[[Ctx, str], dict]


@dataclasses.dataclass(frozen=True)
class Api:
    url: Callable[[Ctx], str]
    body: Callable[[Ctx, str], dict]
    field: str  # as the problem's ``errors`` name it
    method: str = "post"


@dataclasses.dataclass(frozen=True)
class TextInput:
    id: str
    limit: int
    setup: Callable[[World], Ctx]
    stored: Callable[[Ctx], str]  # where the text lands (a field, or the log entry it went to)
    page: Page | None
    api: Api | None
    service: Callable[[Ctx, str], object]
    service_field: str | None  # as the service's DomainError names it

    def door(self, name: str):
        return getattr(self, name)


INPUTS = [
    # --- the log ---
    TextInput(
        "log-text",
        t.RECORD,
        relay,
        lambda c: latest_log(c).text,
        Page(lambda c: c.page("cases:log_add"), lambda c, v: log_page(c, text=v)),
        Api(lambda c: c.api("log/"), lambda c, v: log_api(c, text=v), "text"),
        lambda c, v: log_service(c, text=v),
        "text",
    ),
    TextInput(
        "log-strengths",
        t.LONG_TEXT,
        relay,
        lambda c: latest_log(c).strengths,
        Page(lambda c: c.page("cases:log_add"), lambda c, v: log_page(c, strengths=v)),
        Api(lambda c: c.api("log/"), lambda c, v: log_api(c, strengths=v), "strengths"),
        lambda c, v: log_service(c, strengths=v),
        "strengths",
    ),
    TextInput(
        "log-worries",
        t.LONG_TEXT,
        relay,
        lambda c: latest_log(c).worries,
        Page(lambda c: c.page("cases:log_add"), lambda c, v: log_page(c, worries=v)),
        Api(lambda c: c.api("log/"), lambda c, v: log_api(c, worries=v), "worries"),
        lambda c, v: log_service(c, worries=v),
        "worries",
    ),
    TextInput(
        "log-correction",
        t.RECORD,
        relay_with_entry,
        lambda c: latest_log(c, LogKind.CORRECTION).text,
        Page(
            lambda c: c.page("cases:log_correct", c.entry),
            lambda c, v: {"version": c.version, "text": v},
        ),
        Api(lambda c: c.api(f"log/{c.entry.pk}/correct/"), lambda c, v: {"text": v}, "text"),
        lambda c, v: case_services.log_entry_correct(entry=c.entry, author=c.actor.user, text=v),
        "text",
    ),
    # --- team, consent, lawful basis ---
    TextInput(
        "team-role",
        t.ROLE,
        relay_covered,
        lambda c: TeamMember.objects.get(professional=c.world.nurse).role_in_case,
        Page(
            lambda c: c.page("cases:team_add"),
            lambda c, v: {
                "version": c.version,
                "professional": c.membership(c.world.nurse),
                "role_in_case": v,
            },
        ),
        Api(
            lambda c: c.api("team/"),
            lambda c, v: {
                "professional": c.world.nurse.pk,
                "service": c.world.health.pk,
                "role_in_case": v,
            },
            "role_in_case",
        ),
        lambda c, v: case_services.team_member_add(
            case=c.case,
            added_by=c.actor.user,
            professional=c.world.nurse,
            service=c.world.health,
            role_in_case=v,
        ),
        "role_in_case",
    ),
    TextInput(
        "team-leave-reason",
        t.LINE,
        relay_with_nurse,
        lambda c: TeamMember.objects.get(pk=c.member.pk).left_reason,
        Page(
            lambda c: c.page("cases:team_remove", c.member),
            lambda c, v: {"version": c.version, "reason": v},
        ),
        Api(lambda c: c.api(f"team/{c.member.pk}/remove/"), lambda c, v: {"reason": v}, "reason"),
        lambda c, v: case_services.team_member_remove(
            member=c.member, removed_by=c.actor.user, reason=v
        ),
        "reason",
    ),
    TextInput(
        "consent-purpose",
        t.TEXT,
        relay,
        lambda c: Consent.objects.latest("pk").purpose,
        Page(lambda c: c.page("cases:consent_record"), lambda c, v: consent_page(c, purpose=v)),
        Api(lambda c: c.api("consents/"), lambda c, v: consent_api(c, purpose=v), "purpose"),
        lambda c, v: consent_service(c, purpose=v),
        "purpose",
    ),
    TextInput(
        "consent-method-note",
        t.SHORT_TEXT,
        relay,
        lambda c: Consent.objects.latest("pk").method_note,
        Page(lambda c: c.page("cases:consent_record"), lambda c, v: consent_page(c, method_note=v)),
        Api(
            lambda c: c.api("consents/"), lambda c, v: consent_api(c, method_note=v), "method_note"
        ),
        lambda c, v: consent_service(c, method_note=v),
        "method_note",
    ),
    TextInput(
        "consent-withdrawal-note",
        t.SHORT_TEXT,
        relay_with_ppt_consent,
        lambda c: Consent.objects.get(pk=c.consent.pk).withdrawal_note,
        Page(
            lambda c: c.page("cases:consent_withdraw", c.consent),
            lambda c, v: {"version": c.version, "note": v},
        ),
        Api(
            lambda c: c.api(f"consents/{c.consent.pk}/withdraw/"), lambda c, v: {"note": v}, "note"
        ),
        lambda c, v: consent_services.consent_withdraw(
            consent=c.consent, withdrawn_by=c.actor.user, note=v
        ),
        "note",
    ),
    TextInput(
        "lawful-basis-justification",
        t.LONG_TEXT,
        relay,
        lambda c: LawfulBasis.objects.latest("pk").justification,
        Page(
            lambda c: c.page("cases:lawful_basis"),
            lambda c, v: {
                "version": c.version,
                "kind": "avert_serious_harm",
                "services": [c.world.ppt.pk],
                "justification": v,
            },
        ),
        Api(
            lambda c: c.api("lawful-bases/"),
            lambda c, v: {
                "kind": "avert_serious_harm",
                "services": [c.world.ppt.pk],
                "justification": v,
            },
            "justification",
        ),
        lambda c, v: consent_services.lawful_basis_record(
            case=c.case,
            recorded_by=c.actor.user,
            kind="avert_serious_harm",
            services=[c.world.ppt],
            justification=v,
        ),
        "justification",
    ),
    # --- level, handover, closing ---
    TextInput(
        "level-reason",
        t.SHORT_TEXT,
        relay,
        lambda c: latest_log(c, LogKind.LEVEL_CHANGE).text,
        Page(
            lambda c: c.page("cases:level_change"),
            lambda c, v: {"version": c.version, "level": c.world.level(3).pk, "reason": v},
        ),
        Api(lambda c: c.api("level/"), lambda c, v: {"level": 3, "reason": v}, "reason"),
        lambda c, v: case_services.case_change_level(
            case=c.case, changed_by=c.actor.user, level=c.world.level(3), reason=v
        ),
        "reason",
    ),
    TextInput(
        "handover-reason",
        t.SHORT_TEXT,
        relay_covered,
        lambda c: Handover.objects.latest("pk").reason,
        Page(
            lambda c: c.page("cases:handover_propose"),
            lambda c, v: {
                "version": c.version,
                "to_professional": c.membership(c.world.nurse),
                "reason": v,
            },
        ),
        Api(
            lambda c: c.api("handovers/"),
            lambda c, v: {
                "to_professional": c.world.nurse.pk,
                "to_service": c.world.health.pk,
                "reason": v,
            },
            "reason",
        ),
        lambda c, v: case_services.handover_propose(
            case=c.case,
            proposed_by=c.actor.user,
            to_professional=c.world.nurse,
            to_service=c.world.health,
            reason=v,
        ),
        "reason",
    ),
    TextInput(
        "handover-rejection",
        t.SHORT_TEXT,
        relay_with_handover,
        lambda c: Handover.objects.get(pk=c.handover.pk).answer_note,
        Page(
            lambda c: reverse("cases:handover", args=[c.handover.pk]),
            lambda c, v: {"action": "reject", "reject-version": c.version, "reject-reason": v},
        ),
        Api(
            lambda c: f"/api/v1/handovers/{c.handover.pk}/reject/",
            lambda c, v: {"reason": v},
            "reason",
        ),
        lambda c, v: case_services.handover_reject(
            handover=c.handover, rejected_by=c.actor.user, reason=v
        ),
        "reason",
    ),
    TextInput(
        "closing-reason",
        t.SHORT_TEXT,
        relay,
        lambda c: Case.objects.get(pk=c.case.pk).closing_reason,
        Page(
            lambda c: c.page("cases:case_close"), lambda c, v: {"version": c.version, "reason": v}
        ),
        Api(lambda c: c.api("close/"), lambda c, v: {"reason": v}, "reason"),
        lambda c, v: case_services.case_close(case=c.case, closed_by=c.actor.user, reason=v),
        "reason",
    ),
    # --- concerns ---
    *[
        TextInput(
            f"concern-{name}",
            limit,
            open_concern,
            lambda c, name=name: getattr(latest_concern(), name),
            Page(
                lambda c: reverse("cases:concern_create", args=[c.world.child.pk]),
                lambda c, v, name=name: concern_page(c, **{name: v}),
            ),
            Api(
                lambda c: "/api/v1/concerns/",
                lambda c, v, name=name: concern_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: concern_service(c, **{name: v}),
            name,
        )
        for name, limit in [
            ("observation", t.LONG_TEXT),
            ("strengths", t.LONG_TEXT),
            ("child_voice", t.LONG_TEXT),
            ("child_not_asked_reason", t.SHORT_TEXT),
        ]
    ],
    *[
        TextInput(
            f"concern-decision-{name}",
            limit,
            open_concern,
            lambda c, field=field: getattr(Concern.objects.get(pk=c.concern.pk), field),
            Page(
                lambda c: reverse("cases:concern_decide", args=[c.concern.pk]),
                lambda c, v, name=name, decision=decision: {
                    "decision": decision,
                    "note": "Avsluttet.",
                    "level": "",
                    "report_content": "",
                    name: v,
                },
            ),
            Api(
                lambda c: f"/api/v1/concerns/{c.concern.pk}/decide/",
                lambda c, v, name=name, decision=decision: {"decision": decision, name: v},
                name,
            ),
            lambda c, v, name=name, decision=decision: case_services.concern_decide(
                concern=c.concern, decided_by=c.actor.user, decision=decision, **{name: v}
            ),
            name,
        )
        for name, field, decision, limit in [
            ("note", "decision_note", "closed", t.SHORT_TEXT),
            ("report_content", "report_content", "reported", t.RECORD),
        ]
    ],
    # --- the child and the guardians ---
    *[
        TextInput(
            f"child-{name}",
            t.NAME_PART,
            no_case,
            lambda c, name=name: getattr(Child.objects.latest("pk"), name),
            Page(
                lambda c: reverse("cases:child_register"),
                lambda c, v, name=name: child_page(c, **{name: v}),
            ),
            Api(
                lambda c: "/api/v1/children/",
                lambda c, v, name=name: child_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: child_service(c, **{name: v}),
            name,
        )
        for name in ("given_name", "family_name")
    ],
    *[
        TextInput(
            f"guardian-{name}",
            limit,
            no_case,
            lambda c, name=name: getattr(NetworkPerson.objects.latest("pk"), name),
            Page(
                lambda c: reverse("cases:child_register"),
                lambda c, v, name=name: child_page(c, **{f"guardian1-{name}": v}),
            ),
            Api(
                lambda c: "/api/v1/children/",
                lambda c, v, name=name: child_api(c, guardian={name: v}),
                f"guardians.0.{name}",
            ),
            lambda c, v, name=name: child_service(c, guardian={name: v}),
            name,
        )
        for name, limit in [("name", t.NAME), ("phone", t.PHONE)]
    ],
    # --- the plan ---
    TextInput(
        "goal",
        t.TEXT,
        plan,
        lambda c: Goal.objects.latest("pk").text,
        Page(lambda c: c.page("plans:goal_add"), lambda c, v: goal_body(c, text=v)),
        Api(lambda c: c.api("goals/"), lambda c, v: goal_body(c, text=v), "text"),
        lambda c, v: goal_service(c, text=v),
        "text",
    ),
    *[
        TextInput(
            f"measure-{name}",
            limit,
            plan_with_goal,
            lambda c, name=name: getattr(Measure.objects.latest("pk"), name),
            Page(
                lambda c: c.page("plans:measure_add", c.goal),
                lambda c, v, name=name: measure_page(c, **{name: v}),
            ),
            Api(
                lambda c: c.api(f"goals/{c.goal.pk}/measures/"),
                lambda c, v, name=name: measure_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: measure_service(c, **{name: v}),
            name,
        )
        for name, limit in [("description", t.TEXT), ("frequency", t.FREQUENCY)]
    ],
    *[
        TextInput(
            f"evaluation-{name}",
            limit,
            plan_with_goal,
            lambda c, name=name: getattr(Evaluation.objects.latest("pk"), name),
            Page(
                lambda c: c.page("plans:evaluation_record"),
                lambda c, v, name=name: evaluation_page(c, **{name: v}),
            ),
            Api(
                lambda c: c.api("evaluations/"),
                lambda c, v, name=name: evaluation_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: evaluation_service(c, **{name: v}),
            name,
        )
        for name, limit in [
            ("worked", t.LONG_TEXT),
            ("did_not_work", t.LONG_TEXT),
            ("next_steps", t.LONG_TEXT),
            ("child_voice", t.LONG_TEXT),
            ("child_not_asked_reason", t.SHORT_TEXT),
        ]
    ],
    # --- meetings ---
    *[
        TextInput(
            f"meeting-{name}",
            limit,
            plan,
            lambda c, name=name: getattr(Meeting.objects.latest("pk"), name),
            Page(
                lambda c: c.page("plans:meeting_plan"),
                lambda c, v, name=name: meeting_page(c, **{name: v}),
            ),
            Api(
                lambda c: c.api("meetings/"),
                lambda c, v, name=name: meeting_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: meeting_service(c, **{name: v}),
            name,
        )
        for name, limit in [("place", t.LINE), ("agenda", t.TEXT)]
    ],
    *[
        TextInput(
            f"minutes-{name}",
            limit,
            held_meeting,
            lambda c, name=name: getattr(Meeting.objects.get(pk=c.meeting.pk), name),
            Page(
                lambda c: c.page("plans:meeting_record", c.meeting),
                lambda c, v, name=name: minutes_page(c, **{name: v}),
            ),
            Api(
                lambda c: c.api(f"meetings/{c.meeting.pk}/minutes/"),
                lambda c, v, name=name: minutes_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: minutes_service(c, **{name: v}),
            name,
        )
        for name, limit in [
            ("summary", t.RECORD),
            ("child_voice", t.LONG_TEXT),
            ("child_not_asked_reason", t.SHORT_TEXT),
        ]
    ],
    TextInput(
        "minutes-decision",
        t.SHORT_TEXT,
        held_meeting,
        lambda c: MeetingDecision.objects.latest("pk").text,
        Page(
            lambda c: c.page("plans:meeting_record", c.meeting),
            lambda c, v: minutes_page(c, decision=v),
        ),
        Api(
            lambda c: c.api(f"meetings/{c.meeting.pk}/minutes/"),
            lambda c, v: minutes_api(c, decision=v),
            "decisions.0.text",
        ),
        lambda c, v: minutes_service(c, decision=v),
        "decision-0",
    ),
    TextInput(
        "meeting-cancel-reason",
        t.SHORT_TEXT,
        planned_meeting,
        lambda c: latest_log(c).text,
        Page(
            lambda c: c.page("plans:meeting_cancel", c.meeting),
            lambda c, v: {"version": c.version, "reason": v},
        ),
        Api(
            lambda c: c.api(f"meetings/{c.meeting.pk}/cancel/"),
            lambda c, v: {"reason": v},
            "reason",
        ),
        lambda c, v: plan_services.meeting_cancel(
            meeting=c.meeting, cancelled_by=c.actor.user, reason=v
        ),
        "reason",
    ),
    # --- the service directory ---
    *[
        TextInput(
            f"service-{name}",
            limit,
            directory,
            lambda c, name=name: getattr(latest_service(), name),
            Page(
                lambda c: reverse("directory:create"),
                lambda c, v, name=name: service_page(c, **{name: v}),
            ),
            Api(
                lambda c: "/api/v1/services/",
                lambda c, v, name=name: service_api(c, **{name: v}),
                name,
            ),
            lambda c, v, name=name: service_service(c, **{name: v}),
            name,
        )
        for name, limit in [
            ("name", t.NAME),
            ("description", t.TEXT),
            ("how_to_get_in_touch", t.SHORT_TEXT),
            ("phone", t.PHONE),
            ("address", t.LINE),
            ("opening_hours", t.LINE),
            ("keywords", t.KEYWORDS),
        ]
    ],
    *[
        TextInput(
            f"contact-{name}",
            limit,
            directory,
            lambda c, name=name: getattr(ContactPerson.objects.latest("pk"), name),
            Page(
                lambda c: reverse("directory:create"),
                lambda c, v, name=name: service_page(c, contact={name: v}),
            ),
            Api(
                lambda c: "/api/v1/services/",
                lambda c, v, name=name: service_api(c, contact={name: v}),
                f"contacts.0.{name}",
            ),
            lambda c, v, name=name: service_service(c, contact={name: v}),
            f"contacts.0.{name}",
        )
        for name, limit in [
            ("name", t.NAME),
            ("role", t.ROLE),
            ("phone", t.PHONE),
            ("ask_me_about", t.KEYWORDS),
        ]
    ],
]

LOG_TEXT = next(i for i in INPUTS if i.id == "log-text")
DOORS = [
    pytest.param(spec, door, id=f"{spec.id}-{door}")
    for spec in INPUTS
    for door in ("page", "api")
    if spec.door(door) is not None
]
SERVICES = [pytest.param(spec, id=spec.id) for spec in INPUTS]


class Door:
    """One input's door, logged in as the input's actor (before anything is counted: the API
    token is itself a write in the access log)."""

    def __init__(self, client, spec: TextInput, name: str, ctx: Ctx):
        self.spec, self.name, self.ctx = spec, name, ctx
        if name == "page":
            client.force_login(ctx.actor.user)
            ctx.client = self.client = client
        else:
            self.client = api_client(ctx.actor)

    def send(self, value: str):
        if self.name == "page":
            page = self.spec.page
            return self.client.post(page.url(self.ctx), page.data(self.ctx, value))
        api = self.spec.api
        send = getattr(self.client, api.method)
        return send(api.url(self.ctx), api.body(self.ctx, value), format="json")

    def assert_accepted(self, response) -> None:
        if self.name == "page":
            assert response.status_code == 302, response.content.decode()[:3000]
            assert not response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code in (200, 201), response.content.decode()[:3000]


def _open(client, spec: TextInput, door: str) -> Door:
    return Door(client, spec, door, spec.setup(build_world()))


# --- both doors, from the one definition -------------------------------------------------------


@pytest.mark.parametrize(("spec", "door"), DOORS)
def test_one_character_over_the_limit_is_refused_and_nothing_is_written(client, spec, door):
    opened = _open(client, spec, door)
    value = filler(spec.limit + 1)
    before = written()
    response = opened.send(value)
    message = too_long(spec.limit, spec.limit + 1)
    if door == "page":
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert escape(value) in page  # the form keeps what was typed
    else:
        assert response.status_code == 400, response.content.decode()[:2000]
        assert response["Content-Type"] == PROBLEM
        problem = response.json()
        assert problem["type"] == "urn:helhet:problem:validation"
        assert {"field": spec.api.field, "message": message} in problem["errors"]
    assert written() == before


@pytest.mark.parametrize(("spec", "door"), DOORS)
def test_text_of_exactly_the_limit_is_accepted(client, spec, door):
    opened = _open(client, spec, door)
    value = filler(spec.limit)
    opened.assert_accepted(opened.send(value))
    assert value in spec.stored(opened.ctx)


@pytest.mark.parametrize(("spec", "door"), DOORS)
def test_bidi_controls_are_removed_from_what_is_stored(client, spec, door):
    opened = _open(client, spec, door)
    opened.assert_accepted(opened.send(BIDI))
    stored = spec.stored(opened.ctx)
    assert t.strip_bidi(BIDI) in stored
    assert not t.has_bidi(stored)


@pytest.mark.parametrize("door", ["page", "api"])
def test_a_log_entry_of_2_4_mb_is_refused(client, door):
    opened = _open(client, LOG_TEXT, door)
    value = filler(2_400_000)
    before = written()
    response = opened.send(value)
    message = too_long(t.RECORD, 2_400_000)
    if door == "page":
        assert response.status_code == 200
        assert message in response.content.decode()
    else:
        assert response.status_code == 400
        assert {"field": "text", "message": message} in response.json()["errors"]
    assert written() == before
    ctx = opened.ctx
    with pytest.raises(DomainError, match=re.escape(message)):
        case_services.log_entry_add(case=ctx.case, author=ctx.actor.user, kind="note", text=value)


# --- the services: the last line ---------------------------------------------------------------


@pytest.mark.parametrize("spec", SERVICES)
def test_the_service_refuses_text_over_the_limit(spec):
    ctx = spec.setup(build_world())
    before = written()
    with pytest.raises(DomainError) as refused:
        spec.service(ctx, filler(spec.limit + 1))
    assert refused.value.field == spec.service_field
    assert refused.value.message == too_long(spec.limit, spec.limit + 1)
    assert written() == before


@pytest.mark.parametrize("spec", SERVICES)
def test_the_service_refuses_bidi_controls_rather_than_store_them(spec):
    ctx = spec.setup(build_world())
    before = written()
    with pytest.raises(DomainError) as refused:
        spec.service(ctx, BIDI)
    assert refused.value.field == spec.service_field
    assert "reading direction" in refused.value.message
    assert written() == before


def test_the_log_refuses_a_composed_entry_over_its_column(db):
    ctx = relay(build_world())
    with pytest.raises(DomainError, match="100,000 characters"):
        log(ctx.case, kind=LogKind.NOTE, author=ctx.actor, text=filler(t.LOG_STORED + 1))
    with pytest.raises(DomainError, match="reading direction"):
        log(ctx.case, kind=LogKind.NOTE, author=ctx.actor, text=f"{ctx.actor}\u202e")


# --- the database: defence in depth for the log, kept forever ----------------------------------


def _raw_entry(ctx: Ctx, **fields) -> LogEntry:
    return LogEntry.objects.create(
        case=ctx.case,
        kind=LogKind.NOTE,
        author=ctx.actor,
        service=ctx.world.school,
        created_at=clock.now(),
        **{"text": "Notat", **fields},
    )


@pytest.mark.parametrize(
    ("field", "limit"),
    [("text", t.LOG_STORED), ("strengths", t.LONG_TEXT), ("worries", t.LONG_TEXT)],
)
def test_the_database_refuses_a_log_entry_over_the_limit_or_with_bidi_controls(field, limit):
    ctx = relay(build_world())
    assert len(getattr(_raw_entry(ctx, **{field: filler(limit)}), field)) == limit
    for bad in (filler(limit + 1), "Notat \u2066x\u2069", "\u202e"):
        # SQLite: "CHECK constraint failed: <name>"; PostgreSQL: "… check constraint "<name>""
        with (
            pytest.raises(IntegrityError, match=f"log_entry_{field}_bounded"),
            transaction.atomic(),
        ):
            _raw_entry(ctx, **{field: bad})


# --- the helpers -------------------------------------------------------------------------------


def test_clean_input_removes_every_bidi_control_and_counts_a_line_break_once():
    controls = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
    assert sorted(t.BIDI_CONTROLS) == controls
    assert t.clean_input("".join(controls) + "a\r\nb\u200fc") == "a\nb\u200fc"  # RLM stays
    assert t.strip_bidi("\u202a+47 912 34 567\u202c") == "+47 912 34 567"


def test_the_message_gives_the_limit_and_the_length_in_the_readers_number_format():
    assert t.too_long_message(5000, 7312) == too_long(5000, 7312)
    with translation.override("nb"):
        message = t.too_long_message(5000, 7312)
    assert "5\xa0000" in message and "7\xa0312" in message


def test_the_form_field_cleans_bounds_and_never_cuts_a_paste_short():
    field = t.FreeText(max_length=10, widget=forms.Textarea)
    assert field.clean(" \u202eabc\u202c\r\ndef ") == "abc\ndef"
    assert "maxlength" not in field.widget.attrs  # the browser would cut a paste silently
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("x" * 11)
    assert refused.value.messages == [too_long(10, 11)]
    with pytest.raises(forms.ValidationError) as refused:
        t.FreeText(max_length=10).clean("\u202a\u202c")  # nothing left: required
    assert refused.value.messages == ["This field is required."]
    assert t.FreeText(max_length=10).widget.attrs["maxlength"] == "10"  # one line: kept


def test_the_serializer_field_cleans_and_bounds_like_the_form_field():
    field = serializer_base.FreeText(max_length=10)
    assert field.run_validation(" \u2067abc\u2069 ") == "abc"
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("x" * 11)
    assert refused.value.detail == [too_long(10, 11)]
    with pytest.raises(serializers.ValidationError) as refused:
        field.run_validation("\u202e")  # nothing left: blank
    assert refused.value.detail == ["This field may not be blank."]


def test_the_model_texts_check_uses_the_models_own_limits():
    t.check_model_texts(Service, {"name": "x" * t.NAME, "email": "\u202e", "sector": "school"})
    with pytest.raises(DomainError) as refused:
        t.check_model_texts(ContactPerson, {"role": "x" * (t.ROLE + 1)}, prefix="contacts.2.")
    assert refused.value.field == "contacts.2.role"


# --- nothing left unbounded --------------------------------------------------------------------

FREE_TEXT_APPS = ["cases", "plans", "consent", "directory", "people"]


def test_every_free_text_column_has_a_limit():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for app in FREE_TEXT_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.max_length
    ]
    assert unbounded == []


def _classes(modules, base):
    for module in modules:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                yield cls


def test_every_typed_text_field_of_the_forms_is_free_text():
    not_free_text = {"national_id", "once_token"}  # checked by nordic_id; a hidden token
    modules = [case_forms, concern_forms, plan_forms, directory_forms]
    plain = [
        f"{form.__name__}.{name}"
        for form in _classes(modules, forms.BaseForm)
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField and name not in not_free_text
    ]
    assert plain == []
    formset = directory_forms.ContactPersonFormSet()
    assert isinstance(formset.forms[0].fields["ask_me_about"], t.FreeText)


def test_every_typed_text_field_of_the_api_inputs_is_free_text():
    not_free_text = {"national_id", "website", "video_link", "cursor"}  # checked otherwise
    inputs = (
        serializer_base.StrictSerializer,
        serializer_base.PageParams,
        plan_serializers.ChildVoiceInput,
    )
    modules = [people_serializers, relay_serializers, plan_serializers, directory_serializers]
    plain = [
        f"{serializer.__name__}.{name}"
        for serializer in _classes(modules, inputs)
        for name, field in serializer._declared_fields.items()
        if type(field) is serializers.CharField and name not in not_free_text
    ]
    assert plain == []
