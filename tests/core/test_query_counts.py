"""Pages and API endpoints that list data run the same number of queries at 2 and at 20 rows.

One table, PAGES: for each page, how to add rows of what it lists, and the number of queries
measured (the same at both sizes; a change of the constant shows as a failure to look at). Each
page must also *show* the rows it was given (a marker per row), so a page that stopped listing
them cannot pass. The busiest pages have tests of their own, with more data and the same
helpers (tests/querycount.py): My work (tests/cases/test_my_work.py), the case page, the whole
log and the case's access log (tests/cases/test_case_views.py), the plan pages
(tests/plans/test_plan_views.py), the access-log search (tests/audit/test_views.py), the
directory's selector (tests/directory/test_selectors.py), the admin's change lists
(tests/admin/test_admin_access_log.py) and My work's tasks (tests/reminders/test_views.py).

Not here, because they list nothing that grows: the concern page (one concern), the handover
page (one handover), the municipalities endpoint (only the caller's own municipality).
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from collections.abc import Callable

import pytest
from django.db import transaction
from pypdf import PdfReader

from helhet.api.services import token_create
from helhet.audit.services import audit_record
from helhet.cases import services as case_services
from helhet.cases.models import Case, Concern
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.directory import services as directory_services
from helhet.directory.vocabulary import Need, Sector
from helhet.plans import services as plan_services
from helhet.plans.models import Goal, Meeting
from helhet.plans.services.meetings import DecisionInput
from helhet.tenancy.models import LifeArea
from tests.api.conftest import api_client
from tests.factories import ChildFactory, ContactPersonFactory, NetworkPersonFactory
from tests.querycount import assert_same_count, measured
from tests.scenarios import World, build_world, professional_in

pytestmark = pytest.mark.django_db

SIZES = (2, 20)


def mark(i: int) -> str:
    """The text that identifies row ``i`` on the page: QC-00 … QC-19 (none a part of another)."""
    return f"QC-{i:02d}"


@dataclasses.dataclass
class Ctx:
    """A case coordinated by the teacher (also the data protection officer), with consent for
    school, health and PPT, the nurse and the PPT advisor on the team, and one goal."""

    world: World
    case: Case
    goal: Goal

    @property
    def teacher(self):
        return self.world.teacher.user

    def case_url(self, tail: str = "") -> str:
        return f"/work/cases/{self.case.pk}/{tail}"

    def api_case_url(self, tail: str) -> str:
        return f"/api/v1/cases/{self.case.pk}/{tail}"

    def area(self) -> LifeArea:
        return LifeArea.objects.get(framework__code="nordic", code="learning")


@pytest.fixture
def ctx(db) -> Ctx:
    world = build_world()
    world.teacher.is_data_protection_officer = True
    world.teacher.save(update_fields=["is_data_protection_officer"])
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    for professional, service in ((world.nurse, world.health), (world.ppt_advisor, world.ppt)):
        case_services.team_member_add(
            case=case, added_by=world.teacher.user, professional=professional, service=service
        )
    goal = plan_services.goal_add(
        case=case,
        added_by=world.teacher.user,
        life_area=LifeArea.objects.get(framework__code="nordic", code="learning"),
        text="Jeg vil gå på skolen hver dag.",
        whose_words="child",
        responsible_service=world.school,
    )
    case.refresh_from_db()
    return Ctx(world=world, case=case, goal=goal)


# --- what the pages list, added n rows at a time (row i carries mark(i)) -----------------------


def add_services(c: Ctx, rows: range) -> None:
    for i in rows:
        directory_services.service_create(
            created_by=None,
            municipality=c.world.municipality,
            fields={
                "name": f"Tjeneste {mark(i)}",
                "sector": Sector.HEALTH_STATION,
                "description": "Hjelper barn og unge.",
            },
            needs=[Need.SCHOOL_ABSENCE, Need.LONELINESS],
            contacts=[{"name": "Kari Kontakt", "role": "Rådgiver"}],
        )


def add_contacts(c: Ctx, rows: range) -> None:
    for i in rows:
        ContactPersonFactory(service=c.world.school, name=f"Kontakt {mark(i)}", position=i)


def add_candidates(c: Ctx, rows: range) -> None:
    """Professionals of a covered service, not on the team: who may join it, or take over."""
    for i in rows:
        professional_in(c.world.health, user__name=f"Helse {mark(i)}")


def add_municipal_services(c: Ctx, rows: range) -> None:
    """Services without a directory entry's needs: the consent form's check boxes."""
    for i in rows:
        directory_services.service_create(
            created_by=None,
            municipality=c.world.municipality,
            fields={
                "name": f"Tjeneste {mark(i)}",
                "sector": Sector.SCHOOL,
                "description": "Undervisning.",
            },
            needs=[],
        )


def add_tokens(c: Ctx, rows: range) -> None:
    for i in rows:
        token_create(
            user=c.teacher,
            name=f"System {mark(i)}",
            scope="read",
            expires_on=clock.today() + datetime.timedelta(days=30),
        )


def add_goals(c: Ctx, rows: range) -> None:
    """Goals, each with a measure of two services (the plan's rows)."""
    w = c.world
    for i in rows:
        goal = plan_services.goal_add(
            case=c.case,
            added_by=c.teacher,
            life_area=c.area(),
            text=f"Mål {mark(i)}",
            whose_words="child",
            responsible_service=w.school,
        )
        for service, responsible in ((w.health, w.nurse), (w.ppt, w.ppt_advisor)):
            add_measure(c, goal, f"Tiltak for {mark(i)}", service, responsible)


def add_measure(c: Ctx, goal: Goal, text: str, service, responsible) -> None:
    plan_services.measure_add(
        goal=goal,
        added_by=c.teacher,
        description=text,
        service=service,
        responsible=responsible,
        starts_on=clock.today(),
        ends_on=None,
        frequency="Ukentlig",
    )


def add_measures(c: Ctx, rows: range) -> None:
    w = c.world
    for i in rows:
        add_measure(c, c.goal, f"Tiltak {mark(i)}", w.health, w.nurse)


def add_evaluations(c: Ctx, rows: range) -> None:
    for i in rows:
        plan_services.evaluation_record(
            case=c.case,
            recorded_by=c.teacher,
            evaluated_on=clock.today() - datetime.timedelta(days=i),
            worked=f"Samtalene {mark(i)}",
            did_not_work="Morgenene.",
            next_steps="Fortsette.",
            team_scale=5,
            child_voice="Det går litt bedre.",
        )


def add_meetings(c: Ctx, rows: range) -> None:
    w = c.world
    for i in rows:
        plan_services.meeting_plan(
            case=c.case,
            planned_by=c.teacher,
            starts_at=clock.now() + datetime.timedelta(days=i + 1),
            duration_minutes=60,
            place=f"Møterom {mark(i)}",
            video_link="",
            agenda="Oppfølging",
            child_takes_part=True,
            guardians=[w.mother, w.father],
            professionals=[w.nurse, w.ppt_advisor],
        )


def add_log_entries(c: Ctx, rows: range) -> None:
    for i in rows:
        case_services.log_entry_add(
            case=c.case,
            author=c.teacher,
            kind="note",
            text=f"Notat {mark(i)}",
            strengths="Bra dag",
            worries="Litt trøtt",
        )


def add_team_members(c: Ctx, rows: range) -> None:
    for i in rows:
        professional = professional_in(c.world.health, user__name=f"Helse {mark(i)}")
        case_services.team_member_add(
            case=c.case, added_by=c.teacher, professional=professional, service=c.world.health
        )


def add_consents(c: Ctx, rows: range) -> None:
    w = c.world
    for i in rows:
        consent_services.consent_record(
            case=c.case,
            recorded_by=c.teacher,
            given_by="guardians",
            guardians=[w.mother, w.father],
            services=[w.health, w.child_welfare],
            purpose=f"Samarbeid {mark(i)}",
            valid_from=clock.today(),
            method="signed_form",
        )


def add_lawful_bases(c: Ctx, rows: range) -> None:
    w = c.world
    for i in rows:
        consent_services.lawful_basis_record(
            case=c.case,
            recorded_by=c.teacher,
            kind="avert_serious_harm",
            services=[w.child_welfare, w.ppt],
            justification=f"Alvorlig fare for barnets helse, må varsle umiddelbart {mark(i)}.",
        )


def add_handovers(c: Ctx, rows: range) -> None:
    """Handovers proposed to the nurse and turned down (the case's handover history)."""
    w = c.world
    for i in rows:
        handover = case_services.handover_propose(
            case=c.case,
            proposed_by=c.teacher,
            to_professional=w.nurse,
            to_service=w.health,
            reason="Helsestasjonen følger opp.",
        )
        case_services.handover_reject(
            handover=handover, rejected_by=w.nurse.user, reason=f"Ikke nå {mark(i)}"
        )


def add_cases(c: Ctx, rows: range) -> None:
    """Open cases the teacher coordinates, each about a child of its own."""
    w = c.world
    for i in rows:
        concern = w.concern(child=ChildFactory(municipality=w.municipality, family_name=mark(i)))
        case_services.concern_decide(
            concern=concern, decided_by=c.teacher, decision="collaboration", level=w.level(2)
        )


def add_concerns(c: Ctx, rows: range) -> None:
    """Open concerns the teacher registered, due in a day: each also a task of the teacher."""
    w = c.world
    for i in rows:
        w.concern(
            child=ChildFactory(municipality=w.municipality, family_name=mark(i)),
            decision_due=clock.today() + datetime.timedelta(days=1),
        )


def add_network(c: Ctx, rows: range) -> None:
    for i in rows:
        NetworkPersonFactory(
            child=c.world.child,
            name=f"Nettverk {mark(i)}",
            relation="other",
            has_parental_responsibility=False,
        )


def add_audit_events(c: Ctx, rows: range) -> None:
    """Reads of the case by the nurse: rows of the case's access log and of the search."""
    with transaction.atomic():
        for i in rows:
            audit_record(
                actor=c.world.nurse.user,
                action="case.read",
                purpose=f"lesing {mark(i)}",
                municipality_id=c.case.municipality_id,
                service_id=c.world.health.pk,
                child_id=c.case.child_id,
                case_id=c.case.pk,
            )


# --- held meetings: the decisions and the participants are given when the minutes are written --


def held_meeting(c: Ctx, rows: range) -> Meeting:
    """A new meeting with one decision and one participating team member per row, held."""
    w = c.world
    members = []
    for i in rows:
        professional = professional_in(w.health, user__name=f"Helse {mark(i)}")
        case_services.team_member_add(
            case=c.case, added_by=c.teacher, professional=professional, service=w.health
        )
        members.append(professional)
    meeting = plan_services.meeting_plan(
        case=c.case,
        planned_by=c.teacher,
        starts_at=clock.now() + datetime.timedelta(hours=1),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[w.mother],
        professionals=members,
    )
    later = clock.now() + datetime.timedelta(hours=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: later)
        plan_services.meeting_record(
            meeting=meeting,
            recorded_by=c.teacher,
            summary="Vi ble enige om frokost på skolen.",
            child_voice="Jeg er sulten om morgenen.",
            child_not_asked_reason="",
            decisions=[
                DecisionInput(
                    text=f"Vedtak {mark(i)}",
                    responsible=professional,
                    due_on=clock.today() + datetime.timedelta(days=14),
                    outcome="task",
                )
                for i, professional in zip(rows, members, strict=True)
            ],
        )
    return meeting


# --- the table ---------------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def concerns_children(response) -> str:
    """A task names its concern by id: the family names of the tasks' concerns' children."""
    ids = [task["concern"] for task in response.json()["results"]]
    return " ".join(Concern.objects.filter(pk__in=ids).values_list("child__family_name", flat=True))


@dataclasses.dataclass(frozen=True)
class Page:
    """``url(c, rows)``: add ``rows`` (a range of row numbers) and return the URL to measure
    (pages of one new object, such as a held meeting, build it for all rows at once)."""

    url: Callable[[Ctx, range], str]
    queries: int  # measured, the same at 2 and at 20 rows
    api: bool = False
    text: Callable = html  # the response's text, where the rows' marks are looked for
    fresh: bool = False  # url() builds a new object with every row (not added to the last)


def grows(add: Callable[[Ctx, range], None], url: Callable[[Ctx], str]):
    def build(c: Ctx, rows: range) -> str:
        add(c, rows)
        return url(c)

    return build


PAGES: dict[str, Page] = {
    # --- the web pages
    # (searched: the first page shows 20, and the scenario's own services would push some out)
    "directory": Page(grows(add_services, lambda c: "/directory/?q=tjeneste"), queries=8),
    "directory service": Page(
        grows(add_contacts, lambda c: f"/directory/{c.world.school.pk}/"), queries=9
    ),
    "team add (candidates)": Page(
        grows(add_candidates, lambda c: c.case_url("team/add/")), queries=20
    ),
    "handover propose (candidates)": Page(
        grows(add_candidates, lambda c: c.case_url("handover/new/")), queries=19
    ),
    "consent form (services)": Page(
        grows(add_municipal_services, lambda c: c.case_url("consent/new/")), queries=19
    ),
    "meetings": Page(grows(add_meetings, lambda c: c.case_url("meetings/")), queries=21),
    "meeting (decisions, participants)": Page(
        lambda c, rows: c.case_url(f"meetings/{held_meeting(c, rows).pk}/"),
        queries=23,
        fresh=True,
    ),
    "meeting PDF": Page(
        lambda c, rows: c.case_url(f"meetings/{held_meeting(c, rows).pk}/pdf/"),
        queries=23,
        text=pdf_text,
        fresh=True,
    ),
    "plan PDF": Page(
        grows(add_goals, lambda c: c.case_url("plan/pdf/")), queries=26, text=pdf_text
    ),
    "API tokens": Page(grows(add_tokens, lambda c: "/api-tokens/"), queries=5),
    # --- the API (with a read-only token, as a system calls it)
    "api cases": Page(grows(add_cases, lambda c: "/api/v1/cases/"), queries=8, api=True),
    "api concerns": Page(grows(add_concerns, lambda c: "/api/v1/concerns/"), queries=9, api=True),
    "api tasks": Page(
        grows(add_concerns, lambda c: "/api/v1/tasks/"),
        queries=9,
        api=True,
        text=concerns_children,
    ),
    "api services": Page(grows(add_services, lambda c: "/api/v1/services/"), queries=5, api=True),
    "api child (network)": Page(
        grows(add_network, lambda c: f"/api/v1/children/{c.world.child.pk}/"),
        queries=11,
        api=True,
    ),
    "api audit events": Page(
        grows(add_audit_events, lambda c: "/api/v1/audit-events/"), queries=10, api=True
    ),
    "api team": Page(
        grows(add_team_members, lambda c: c.api_case_url("team/")), queries=14, api=True
    ),
    "api consents": Page(
        grows(add_consents, lambda c: c.api_case_url("consents/")), queries=16, api=True
    ),
    "api lawful bases": Page(
        grows(add_lawful_bases, lambda c: c.api_case_url("lawful-bases/")), queries=15, api=True
    ),
    "api handovers": Page(
        grows(add_handovers, lambda c: c.api_case_url("handovers/")), queries=14, api=True
    ),
    "api log": Page(grows(add_log_entries, lambda c: c.api_case_url("log/")), queries=15, api=True),
    "api plan": Page(grows(add_goals, lambda c: c.api_case_url("plan/")), queries=27, api=True),
    "api goals": Page(grows(add_goals, lambda c: c.api_case_url("goals/")), queries=15, api=True),
    "api measures": Page(
        grows(add_measures, lambda c: c.api_case_url("measures/")), queries=14, api=True
    ),
    "api evaluations": Page(
        grows(add_evaluations, lambda c: c.api_case_url("evaluations/")), queries=14, api=True
    ),
    "api meetings": Page(
        grows(add_meetings, lambda c: c.api_case_url("meetings/")), queries=17, api=True
    ),
    "api plan PDF": Page(
        grows(add_goals, lambda c: c.api_case_url("plan/pdf/")),
        queries=25,
        api=True,
        text=pdf_text,
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_list_runs_as_many_queries_for_20_rows_as_for_2(name, ctx, client):
    page = PAGES[name]
    if page.api:
        client = api_client(ctx.world.teacher, scope="read")
    else:
        client.force_login(ctx.teacher)
    counts, done = {}, 0
    for size in SIZES:
        rows = range(0, size) if page.fresh else range(done, size)
        url = page.url(ctx, rows)
        done = size
        counts[size], response = measured(client, url)
        shown = page.text(response)
        missing = [mark(i) for i in range(size) if mark(i) not in shown]
        assert not missing, f"{name}: {url} does not show the rows {missing}"
    assert_same_count(counts, expected=page.queries)
