"""Pathways: the shipped templates are valid; a template file is checked against the schema
and for cycles, unknown steps and sectors; importing is idempotent and versions a changed
template; a pathway started from a signal puts its due steps on My work, and doing a step makes
the next due; only those who see the signal see the pathway."""

from __future__ import annotations

import copy
import datetime
import json

import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.pathways import definition, services
from helhet.pathways.models import PathwayStatus, PathwayTemplate
from helhet.reminders.models import Task, TaskKind
from helhet.signals import services as signal_services
from helhet.signals.models import Signal
from tests.scenarios import build_world
from tests.signals.conftest import school_days_back

WORRYING = "worrying-school-absence"


def _worrying() -> dict:
    return next(d for d in definition.builtin_definitions() if d["code"] == WORRYING)


@pytest.fixture
def signal(school) -> Signal:
    """Five school days in a row for the contact teacher's pupil (as the rules raise it)."""
    run = school_days_back(5)
    rules = signal_services.absence_rules_ensure(municipality=school.world.municipality)
    return Signal.objects.create(
        school=school.world.school,
        child=school.pupil,
        rule=next(r for r in rules if r.kind == "consecutive_days"),
        key=run[0].isoformat(),
        facts={"from": run[0].isoformat(), "to": run[-1].isoformat(), "days": 5, "threshold": 5},
    )


def _template(school, code=WORRYING) -> PathwayTemplate:
    services.pathway_templates_ensure(municipality=school.world.municipality)
    return PathwayTemplate.objects.get(
        municipality=school.world.municipality, code=code, is_current=True
    )


def test_the_three_shipped_templates_are_valid():
    codes = {d["code"] for d in definition.builtin_definitions()}
    assert codes == {WORRYING, "bti-level-0-concern", "young-person-outside-school"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["steps"][0]["due"].update(after="meeting"), "in a circle"),
        (lambda d: d["steps"][1]["due"].update(after="nowhere"), "follows nowhere"),
        (lambda d: d["steps"][0].update(responsible="astrology"), "astrology is no role"),
        (lambda d: d["steps"][1].update(key="call-home"), "Two steps have the key call-home"),
        (lambda d: d.pop("steps"), "'steps' is a required property"),
        (lambda d: d["steps"][0]["due"].update(days=-1), "steps/0/due/days"),
    ],
    ids=["cycle", "unknown step", "unknown sector", "duplicate key", "no steps", "negative"],
)
def test_a_broken_template_is_refused_with_what_is_wrong(change, problem):
    data = copy.deepcopy(_worrying())
    change(data)
    with pytest.raises(definition.DefinitionError) as refused:
        definition.check(data)
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_a_file_that_is_no_json_is_refused():
    with pytest.raises(definition.DefinitionError, match="The file is not JSON"):
        definition.parse(b"{not json")


def test_import_is_idempotent_and_a_changed_template_needs_a_new_version(school):
    admin = school.world.head_teacher
    admin.is_municipal_admin = True
    admin.save(update_fields=["is_municipal_admin"])
    current = _template(school)
    data = copy.deepcopy(current.definition)
    same, created = services.pathway_template_import(imported_by=admin.user, raw=json.dumps(data))
    assert (same.pk, created) == (current.pk, False)
    data["steps"][0]["due"]["days"] = 1
    with pytest.raises(definition.DefinitionError, match="give the changed one a higher version"):
        services.pathway_template_import(imported_by=admin.user, raw=json.dumps(data))
    data["version"] = 2
    new, created = services.pathway_template_import(imported_by=admin.user, raw=json.dumps(data))
    assert created and new.version == 2
    current.refresh_from_db()
    assert not current.is_current
    assert AuditEvent.objects.filter(action="pathway_template.import").count() == 1


def test_a_pathway_puts_its_due_steps_on_my_work_and_the_next_follow(client, school, signal):
    teacher = school.world.teacher
    template = _template(school)
    pathway = services.pathway_start(
        started_by=teacher.user, signal_pk=signal.pk, template_pk=template.pk
    )
    due = dict(pathway.steps.exclude(due_on=None).values_list("key", "due_on"))
    today = clock.today()
    assert due == {"call-home": today, "talk-with-pupil": today + datetime.timedelta(days=2)}
    tasks = Task.objects.filter(kind=TaskKind.PATHWAY_STEP, done_at=None)
    assert {t.pathway_step.key for t in tasks} == {"call-home", "talk-with-pupil"}
    client.force_login(teacher.user)
    work = client.get(reverse("cases:my_work")).content.decode()
    assert "Call home today" in work
    assert reverse("pathways:detail", args=[pathway.pk]) in work

    call_home = pathway.steps.get(key="call-home")
    with pytest.raises(DomainError, match="Write down what was done"):
        services.pathway_step_done(
            done_by=teacher.user, pathway_pk=pathway.pk, step_pk=call_home.pk, note=" "
        )
    meeting = pathway.steps.get(key="meeting")
    with pytest.raises(DomainError, match="not due yet"):
        services.pathway_step_done(
            done_by=teacher.user, pathway_pk=pathway.pk, step_pk=meeting.pk, note="Møtet."
        )
    response = client.post(
        reverse("pathways:step_done", args=[pathway.pk, call_home.pk]),
        {f"step-{call_home.pk}-note": "Snakket med mor; Ola er lei seg for en venn."},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.due_on == today + datetime.timedelta(days=7)
    assert Task.objects.filter(pathway_step=call_home, done_at__isnull=False).exists()
    assert Task.objects.filter(pathway_step=meeting, done_at=None).exists()
    page = client.get(reverse("pathways:detail", args=[pathway.pk])).content.decode()
    assert "Snakket med mor" in page
    assert AuditEvent.objects.filter(action="pathway.read", child_id=school.pupil.pk).exists()
    assert pathway.status == PathwayStatus.RUNNING


def test_a_running_version_is_kept_when_the_template_changes(school, signal):
    template = _template(school)
    pathway = services.pathway_start(
        started_by=school.world.teacher.user, signal_pk=signal.pk, template_pk=template.pk
    )
    PathwayTemplate.objects.filter(pk=template.pk).update(is_current=False)
    changed = copy.deepcopy(template.definition)
    changed["version"] = 2
    PathwayTemplate.objects.create(
        municipality=template.municipality, code=WORRYING, version=2, definition=changed
    )
    pathway.refresh_from_db()
    assert pathway.template_id == template.pk


@pytest.mark.parametrize("who", ["nurse", "other_teacher", "other_municipality"])
def test_nobody_else_sees_the_pathway_or_its_tasks(client, school, signal, who):
    from tests.scenarios import professional_in

    pathway = services.pathway_start(
        started_by=school.world.teacher.user,
        signal_pk=signal.pk,
        template_pk=_template(school).pk,
    )
    professional = {
        "nurse": lambda: school.world.nurse,
        "other_teacher": lambda: professional_in(school.world.school),
        "other_municipality": lambda: build_world().head_teacher,
    }[who]()
    client.force_login(professional.user)
    assert client.get(reverse("pathways:detail", args=[pathway.pk])).status_code == 404
    step = pathway.steps.get(key="call-home")
    done = client.post(reverse("pathways:step_done", args=[pathway.pk, step.pk]), {})
    assert done.status_code == 404
    start = client.post(reverse("pathways:start", args=[signal.pk]), {"template": 1})
    assert start.status_code == 404


def test_the_signal_page_offers_the_pathways_and_starts_one(client, school, signal):
    client.force_login(school.world.teacher.user)
    page = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Worrying school absence" in page
    template = PathwayTemplate.objects.get(municipality=school.world.municipality, code=WORRYING)
    response = client.post(reverse("pathways:start", args=[signal.pk]), {"template": template.pk})
    assert response.status_code == 302
    again = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "The pupil is on a pathway:" in again


def test_templates_are_shared_as_json_and_imported_by_an_administrator(client, school):
    template = _template(school)
    client.force_login(school.world.teacher.user)
    exported = client.get(reverse("pathways:template_export", args=[template.pk]))
    assert json.loads(exported.content) == template.definition
    assert client.post(reverse("pathways:templates"), {}).status_code == 404  # no administrator


def test_the_scheduler_reminds_the_owner_of_a_due_step_by_e_mail(school, signal):
    import io

    from django.core.management import call_command

    from helhet.reminders.models import EmailState

    services.pathway_start(
        started_by=school.world.teacher.user, signal_pk=signal.pk, template_pk=_template(school).pk
    )
    call_command("reminders", stdout=io.StringIO())
    states = set(
        Task.objects.filter(kind=TaskKind.PATHWAY_STEP).values_list("email_state", flat=True)
    )
    assert states <= {EmailState.QUEUED, EmailState.SENT} and states
    assert Task.objects.filter(kind=TaskKind.PATHWAY_STEP, done_at=None).count() == 2


def test_an_administrator_imports_a_template_file_on_the_page(client, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = school.world.head_teacher
    admin.is_municipal_admin = True
    admin.save(update_fields=["is_municipal_admin"])
    client.force_login(admin.user)
    data = copy.deepcopy(_worrying())
    data["code"] = "fravaer-ungdomsskole"
    data["steps"][0]["due"]["after"] = "meeting"  # a circle
    upload = SimpleUploadedFile("p.json", json.dumps(data).encode(), "application/json")
    refused = client.post(reverse("pathways:templates"), {"file": upload})
    assert "in a circle" in refused.content.decode()
    assert not PathwayTemplate.objects.filter(code="fravaer-ungdomsskole").exists()
    data["steps"][0]["due"]["after"] = "start"
    upload = SimpleUploadedFile("p.json", json.dumps(data).encode(), "application/json")
    assert client.post(reverse("pathways:templates"), {"file": upload}).status_code == 302
    assert PathwayTemplate.objects.filter(code="fravaer-ungdomsskole", is_current=True).exists()
