"""Pathways on a concern and on a case: who may start one (and who gets 404), one running per
subject, the steps' tasks on the owner's My work only, the access log and the case's log, and
the concern's and the case's pages showing where the child is on the pathway and what is
overdue."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import formats, translation

from helhet.access import policy
from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import Case, LogEntry
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.pathways import services
from helhet.pathways.models import Pathway, PathwayStatus, PathwayStep, PathwayTemplate
from helhet.reminders.models import Task, TaskKind
from tests.api.conftest import api_client
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db

BTI = "bti-level-0-concern"
WORRYING = "worrying-school-absence"


@pytest.fixture
def world(db) -> World:
    return build_world()


def _template(world: World, code: str = BTI) -> PathwayTemplate:
    services.pathway_templates_ensure(municipality=world.municipality)
    return PathwayTemplate.objects.get(municipality=world.municipality, code=code, is_current=True)


def _case_with_nurse(world: World) -> Case:
    """The teacher coordinates; the health station consented and the nurse is on the team."""
    case = world.case(consent_for=(world.school, world.health))
    case_services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    return case


def _start(world: World, who, *, code: str = BTI, **subject_pk) -> Pathway:
    return services.pathway_start(
        started_by=who.user, template_pk=_template(world, code).pk, **subject_pk
    )


def _step_tasks(professional) -> set[str]:
    """The keys of the pathway steps on the professional's My work."""
    return set(
        policy.tasks_visible_to(professional.user)
        .filter(kind=TaskKind.PATHWAY_STEP)
        .values_list("pathway_step__key", flat=True)
    )


# --- the services ------------------------------------------------------------------------------


def test_a_leader_puts_a_concern_on_a_pathway_whose_steps_are_the_leaders_tasks(world):
    concern = world.concern()  # by the teacher, at the school the head teacher leads
    pathway = _start(world, world.head_teacher, concern_pk=concern.pk)
    assert (pathway.concern_id, pathway.signal_id, pathway.case_id) == (concern.pk, None, None)
    assert pathway.child == world.child and pathway.subject == concern
    assert pathway.owner == world.head_teacher
    due = dict(pathway.steps.exclude(due_on=None).values_list("key", "due_on"))
    assert due == {"observe": clock.today() + datetime.timedelta(days=7)}
    assert _step_tasks(world.head_teacher) == {"observe"}
    assert _step_tasks(world.teacher) == set()  # sees the concern, but the task is not theirs
    event = AuditEvent.objects.get(action="pathway.start")
    assert (event.actor_id, event.child_id, event.service_id, event.case_id) == (
        world.head_teacher.user.pk,
        world.child.pk,
        world.school.pk,
        None,
    )


def test_the_coordinator_puts_a_case_on_a_pathway_and_the_log_says_so(world):
    case = world.case()
    pathway = _start(world, world.teacher, code=WORRYING, case_pk=case.pk)
    assert pathway.case_id == case.pk and pathway.child_id == world.child.pk
    assert _step_tasks(world.teacher) == {"call-home", "talk-with-pupil"}
    entry = LogEntry.objects.filter(case=case).latest("pk")
    assert entry.author == world.teacher
    assert entry.display_text == "The standardised pathway “Worrying school absence” was started."
    with translation.override("nb"):  # the template's name in the reader's language
        assert "Bekymringsfullt skolefravær" in entry.display_text
    event = AuditEvent.objects.get(action="pathway.start")
    assert (event.child_id, event.case_id, event.service_id, event.actor_role) == (
        world.child.pk,
        case.pk,
        world.school.pk,
        "coordinator",
    )
    step = pathway.steps.get(key="talk-with-pupil")
    services.pathway_step_done(
        done_by=world.teacher.user, pathway_pk=pathway.pk, step_pk=step.pk, note="Samtale."
    )
    done = AuditEvent.objects.get(action="pathway.step_done")
    assert (done.case_id, done.child_id, done.object_id) == (case.pk, world.child.pk, str(step.pk))


def test_a_team_member_of_a_covered_service_starts_one_and_owns_its_tasks(world):
    case = _case_with_nurse(world)
    pathway = _start(world, world.nurse, case_pk=case.pk)
    assert pathway.owner == world.nurse
    assert _step_tasks(world.nurse) == {"observe"}
    assert _step_tasks(world.teacher) == set()
    # The coordinator sees the pathway (the case is theirs), not the nurse's task.
    assert policy.pathways_visible_to(world.teacher.user).filter(pk=pathway.pk).exists()


@pytest.mark.parametrize("who", ["nurse", "cw_worker", "other_municipality"])
def test_who_does_not_see_the_concern_gets_404(world, who):
    concern = world.concern()
    starter = build_world().head_teacher if who == "other_municipality" else getattr(world, who)
    with pytest.raises(Http404):
        _start(world, starter, concern_pk=concern.pk)
    assert not Pathway.objects.exists()


@pytest.mark.parametrize("who", ["nurse", "head_teacher", "other_municipality"])
def test_who_is_not_on_the_case_gets_404(world, who):
    # The head teacher leads the school but is not on the team: the case is not theirs.
    case = world.case()
    starter = build_world().teacher if who == "other_municipality" else getattr(world, who)
    with pytest.raises(Http404):
        _start(world, starter, case_pk=case.pk)
    assert not Pathway.objects.exists()
    assert not LogEntry.objects.filter(case=case, text__contains="pathway").exists()


@pytest.mark.parametrize(
    ("decision", "allowed"),
    [("own_service", True), ("closed", False), ("collaboration", False)],
)
def test_a_concern_takes_a_pathway_until_it_is_decided_beyond_the_own_service(
    world, decision, allowed
):
    concern = world.concern()
    case_services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision=decision,
        note="Vurdert.",
        level=world.level(2) if decision == "collaboration" else None,
    )
    concern.refresh_from_db()
    assert policy.can_start_pathway_on_concern(world.teacher.user, concern) is allowed
    if allowed:
        assert _start(world, world.teacher, concern_pk=concern.pk).concern_id == concern.pk
    else:
        with pytest.raises(DomainError, match="awaits a decision"):
            _start(world, world.teacher, concern_pk=concern.pk)


def test_a_closed_case_takes_no_pathway(world):
    case = world.case()
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Ferdig.")
    with pytest.raises(DomainError, match="The case is closed"):
        _start(world, world.teacher, case_pk=case.pk)
    assert not Pathway.objects.exists()


def test_one_running_pathway_per_concern_and_per_case(world):
    concern = world.concern()
    case = world.case()
    first = _start(world, world.teacher, concern_pk=concern.pk)
    with pytest.raises(DomainError, match="on a pathway for this concern already"):
        _start(world, world.head_teacher, concern_pk=concern.pk, code=WORRYING)
    _start(world, world.teacher, case_pk=case.pk)
    with pytest.raises(DomainError, match="on a pathway in this case already"):
        _start(world, world.teacher, case_pk=case.pk)
    # The database says so too, and a pathway follows exactly one subject.
    template = first.template
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(
            template=template, concern=concern, owner=world.teacher, started_at=clock.now()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(
            template=template,
            concern=world.concern(),
            case=case,
            owner=world.teacher,
            started_at=clock.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Pathway.objects.create(template=template, owner=world.teacher, started_at=clock.now())
    # Done, another may start.
    Pathway.objects.filter(pk=first.pk).update(status=PathwayStatus.DONE)
    assert _start(world, world.teacher, concern_pk=concern.pk).pk != first.pk


def test_the_tasks_queryset_and_predicate_agree_on_pathway_steps(world):
    concern = world.concern()
    case = _case_with_nurse(world)
    _start(world, world.head_teacher, concern_pk=concern.pk)
    _start(world, world.nurse, case_pk=case.pk)
    _start(world, world.teacher, concern_pk=world.concern().pk)
    stranger = build_world().teacher
    people = (world.teacher, world.head_teacher, world.nurse, world.cw_worker, stranger)
    steps = Task.objects.filter(kind=TaskKind.PATHWAY_STEP)
    assert steps.count() == 3
    for professional in people:
        listed = set(policy.tasks_visible_to(professional.user).values_list("pk", flat=True))
        allowed = {
            t.pk for t in Task.objects.all() if policy.can_complete_task(professional.user, t)
        }
        assert listed == allowed, professional
    assert {t.assignee for t in steps} == {world.head_teacher, world.nurse, world.teacher}
    # The nurse leaves the team: the case's pathway and its task are gone from their view.
    member = case.team.get(professional=world.nurse)
    case_services.team_member_remove(member=member, removed_by=world.teacher.user, reason="Slutt.")
    assert _step_tasks(world.nurse) == set()
    assert not policy.pathways_visible_to(world.nurse.user).exists()


# --- the pages ---------------------------------------------------------------------------------


def test_the_concern_page_starts_a_pathway_and_shows_where_the_child_is(client, world):
    concern = world.concern()
    client.force_login(world.teacher.user)
    url = reverse("cases:concern", args=[concern.pk])
    page = client.get(url).content.decode()
    assert "Standardised pathway" in page
    assert reverse("pathways:start_concern", args=[concern.pk]) in page
    assert 'type="radio"' in page and "A concern at BTI level 0" in page
    template = _template(world)
    response = client.post(
        reverse("pathways:start_concern", args=[concern.pk]), {"template": template.pk}
    )
    pathway = Pathway.objects.get(concern=concern)
    assert response.status_code == 302
    assert response.url == reverse("pathways:detail", args=[pathway.pk])
    observe = pathway.steps.get(key="observe")
    late = clock.today() - datetime.timedelta(days=2)
    PathwayStep.objects.filter(pk=observe.pk).update(due_on=late)
    page = client.get(url).content.decode()
    assert reverse("pathways:detail", args=[pathway.pk]) in page
    assert "0 of 4 steps done" in page
    assert "Observe and write down what you see" in page
    assert f"was due {formats.date_format(late, 'SHORT_DATE_FORMAT')}" in page
    assert reverse("pathways:start_concern", args=[concern.pk]) not in page  # one runs
    # The pathway's page leads back to the concern, and My work to the pathway.
    detail = client.get(reverse("pathways:detail", args=[pathway.pk])).content.decode()
    assert f'href="{url}"' in detail and "The concern" in detail
    work = client.get(reverse("cases:my_work")).content.decode()
    assert f"{reverse('pathways:detail', args=[pathway.pk])}#step-{observe.pk}" in work
    assert world.child.given_name in work


def test_the_case_page_shows_the_current_step_and_what_is_overdue(client, world):
    case = world.case()
    client.force_login(world.teacher.user)
    url = reverse("cases:case", args=[case.pk])
    assert reverse("pathways:start_case", args=[case.pk]) in client.get(url).content.decode()
    template = _template(world, WORRYING)
    response = client.post(
        reverse("pathways:start_case", args=[case.pk]), {"template": template.pk}
    )
    pathway = Pathway.objects.get(case=case)
    assert response.url == reverse("pathways:detail", args=[pathway.pk])
    today = clock.today()
    page = client.get(url).content.decode()
    detail_url = reverse("pathways:detail", args=[pathway.pk])
    assert f'<a class="ds-link" href="{detail_url}">Worrying school absence</a>' in page
    shown = formats.date_format(today, "SHORT_DATE_FORMAT")
    assert f'Call home today – due <time datetime="{today:%Y-%m-%d}">{shown}</time>' in page
    assert "Talk with the pupil – due" in page
    assert "Nothing is overdue." in page
    PathwayStep.objects.filter(pathway=pathway, key="call-home").update(
        due_on=today - datetime.timedelta(days=3)
    )
    page = client.get(url).content.decode()
    late = formats.date_format(today - datetime.timedelta(days=3), "SHORT_DATE_FORMAT")
    assert f"Call home today – was due {late}" in page
    assert "Nothing is overdue." not in page
    detail = client.get(reverse("pathways:detail", args=[pathway.pk])).content.decode()
    assert f'href="{url}"' in detail and "The case" in detail


def test_a_page_whose_reader_may_not_start_offers_no_form(client, world):
    concern = world.concern()
    case_services.concern_decide(
        concern=concern, decided_by=world.teacher.user, decision="closed", note="Ingen grunn."
    )
    client.force_login(world.teacher.user)
    page = client.get(reverse("cases:concern", args=[concern.pk])).content.decode()
    assert "No pathway is running." in page
    assert reverse("pathways:start_concern", args=[concern.pk]) not in page
    refused = client.post(
        reverse("pathways:start_concern", args=[concern.pk]), {"template": _template(world).pk}
    )
    assert refused.status_code == 302  # back to the concern, with why
    assert refused.url == reverse("cases:concern", args=[concern.pk])
    assert "awaits a decision" in client.get(refused.url).content.decode()
    assert not Pathway.objects.exists()


@pytest.mark.parametrize("who", ["nurse", "other_municipality"])
def test_starting_on_someone_elses_concern_or_case_is_404(client, world, who):
    concern, case = world.concern(), world.case()
    pathway = _start(world, world.teacher, case_pk=case.pk)
    client.force_login((build_world().teacher if who == "other_municipality" else world.nurse).user)
    template = _template(world).pk
    for name, pk in (("pathways:start_concern", concern.pk), ("pathways:start_case", case.pk)):
        assert client.post(reverse(name, args=[pk]), {"template": template}).status_code == 404
    assert client.get(reverse("pathways:detail", args=[pathway.pk])).status_code == 404
    assert list(Pathway.objects.values_list("pk", flat=True)) == [pathway.pk]


def test_the_api_reads_a_case_pathway_for_the_team_only(world):
    case = _case_with_nurse(world)
    pathway = _start(world, world.teacher, case_pk=case.pk)
    body = api_client(world.nurse).get(f"/api/v1/pathways/{pathway.pk}/").json()
    assert (body["subject"], body["case"], body["concern"], body["signal"]) == (
        "case",
        case.pk,
        None,
        None,
    )
    assert body["steps"][0]["key"] == "observe"
    for who in (world.head_teacher, build_world().teacher):
        assert api_client(who).get(f"/api/v1/pathways/{pathway.pk}/").status_code == 404
    read = AuditEvent.objects.filter(action="pathway.read").latest("pk")
    assert (read.case_id, read.child_id, read.actor_id) == (
        case.pk,
        world.child.pk,
        world.nurse.user.pk,
    )


def _template_with_a_health_step(world: World) -> PathwayTemplate:
    import json

    world.teacher.is_municipal_admin = True
    world.teacher.save(update_fields=["is_municipal_admin"])
    step = {
        "title": {"en": "Health conversation", "nb": "Helsesamtale"},
        "guidance": {"en": "Talk about sleep and meals."},
        "record": {"en": "What was agreed."},
    }
    definition = {
        "format": "helhet-pathway/1",
        "code": "health-first",
        "version": 1,
        "name": {"en": "Health first"},
        "description": {"en": "The school and the health station together."},
        "steps": [
            {
                **step,
                "key": "school",
                "responsible": "contact_teacher",
                "due": {"days": 1, "after": "start"},
            },
            {
                **step,
                "key": "nurse",
                "responsible": "health_station",
                "due": {"days": 3, "after": "start"},
            },
        ],
    }
    template, _new = services.pathway_template_import(
        imported_by=world.teacher.user, raw=json.dumps(definition)
    )
    return template


def test_a_step_of_another_sector_is_the_team_members_of_that_sector(world):
    template = _template_with_a_health_step(world)
    case = _case_with_nurse(world)
    services.pathway_start(started_by=world.teacher.user, template_pk=template.pk, case_pk=case.pk)
    assert _step_tasks(world.teacher) == {"school"}
    assert _step_tasks(world.nurse) == {"nurse"}


def test_without_a_team_member_of_the_sector_the_starter_has_the_step(world):
    template = _template_with_a_health_step(world)
    case = world.case()
    services.pathway_start(started_by=world.teacher.user, template_pk=template.pk, case_pk=case.pk)
    assert _step_tasks(world.teacher) == {"school", "nurse"}


def test_a_pathway_is_stopped_with_a_reason_and_its_steps_leave_my_work(client, world):
    case = world.case()
    pathway = _start(world, world.teacher, code=WORRYING, case_pk=case.pk)
    url = reverse("pathways:stop", args=[pathway.pk])
    client.force_login(world.nurse.user)  # not on the case
    assert client.post(url, {"stop-reason": "Tilbake på skolen."}).status_code == 404
    client.force_login(world.teacher.user)
    response = client.post(url, {"stop-reason": "  "})
    assert response.status_code == 200 and "Stop the pathway" in response.content.decode()
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.RUNNING
    response = client.post(url, {"stop-reason": "Tilbake på skolen hver dag."})
    assert response.status_code == 302
    pathway.refresh_from_db()
    assert pathway.status == PathwayStatus.STOPPED
    assert pathway.stop_reason == "Tilbake på skolen hver dag."
    assert _step_tasks(world.teacher) == set()
    assert AuditEvent.objects.filter(action="pathway.stop", case_id=case.pk).exists()
    with pytest.raises(DomainError, match="The pathway has ended"):
        services.pathway_stop(stopped_by=world.teacher.user, pathway_pk=pathway.pk, reason="x")


def test_closing_the_case_stops_its_pathway(world):
    case = world.case()
    pathway = _start(world, world.teacher, code=WORRYING, case_pk=case.pk)
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Målene er nådd.")
    pathway.refresh_from_db()
    assert (pathway.status, pathway.stop_reason) == (PathwayStatus.STOPPED, "Målene er nådd.")
    assert not Task.objects.filter(
        kind=TaskKind.PATHWAY_STEP, pathway_step__pathway=pathway, done_at__isnull=True
    ).exists()
