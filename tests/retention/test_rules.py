"""The retention rules on generated data: a dry run names exactly what the rules say, the real
run deletes exactly that (and everything of it), legal holds stop it, an interrupted run
resumes with nothing half-deleted, and the access log stays verifiable."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from helhet.audit.chain import verify
from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import Case, Concern, LogEntry
from helhet.core import clock
from helhet.people.models import Child, NetworkPerson
from helhet.plans import services as plan_services
from helhet.plans.models import PlanSnapshot
from helhet.retention import purge, rules, services
from helhet.retention.models import LegalHold, RetentionRun
from helhet.signals.models import Enrolment
from helhet.synthetic.generator import generate
from helhet.tenancy.models import LifeArea
from tests.factories import ChildFactory, NetworkPersonFactory
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _closed_case(world, child, *, closed_days_ago: int) -> Case:
    """A case with a team, consent, log, plan history and a meeting, closed long ago."""
    world.child = child
    NetworkPersonFactory(child=child, name="Mor", relation="mother")
    concern = world.concern(child=child)
    concern = case_services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="collaboration",
        level=world.level(2),
        note="Samarbeid.",
    )
    case = concern.case
    world.mother = world.father = NetworkPerson.objects.get(child=child)
    world.consent(case, world.school, world.health)
    case.refresh_from_db()
    case_services.log_entry_add(case=case, author=world.teacher.user, kind="note", text="Notat.")
    case.refresh_from_db()
    plan_services.goal_add(
        case=case,
        added_by=world.teacher.user,
        life_area=LifeArea.objects.get(framework__code="nordic", code="learning"),
        text="Jeg vil gå på skolen.",
        whose_words="child",
        responsible_service=world.school,
    )
    case.refresh_from_db()
    plan_services.meeting_plan(
        case=case,
        planned_by=world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(hours=2),
        duration_minutes=45,
        place="Skolen",
        video_link="",
        agenda="Oppfølging",
        child_takes_part=True,
        guardians=[world.mother],
        professionals=[],
    )
    case.refresh_from_db()
    plan_services.evaluation_record(
        case=case,
        recorded_by=world.teacher.user,
        evaluated_on=clock.today(),
        worked="Samtalene hjelper.",
        did_not_work="Lite.",
        next_steps="Avslutte.",
        team_scale=8,
        child_voice="Det går bra.",
        is_final=True,
    )
    case.refresh_from_db()
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Det går bra nå.")
    Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - closed_days_ago * DAY)
    return Case.objects.get(pk=case.pk)


def _closed_concern(world, child, *, decided_days_ago: int) -> Concern:
    concern = world.concern(child=child)
    concern = case_services.concern_decide(
        concern=concern, decided_by=world.teacher.user, decision="closed", note="Ingen bekymring."
    )
    Concern.objects.filter(pk=concern.pk).update(decided_at=clock.now() - decided_days_ago * DAY)
    return concern


@pytest.fixture
def generated():
    """Generated children and guardians (nothing else: they are records with nothing left),
    and a municipality with cases and concerns of every age the rules tell apart."""
    generate(municipalities=1, children_per_municipality=6, seed=11)
    world = build_world()
    own_child = world.child
    m = world.municipality
    m.case_archive_days, m.case_deletion_days = 90, 1000
    m.concern_retention_days, m.record_deletion_days = 365, 30
    m.save()
    Child.objects.update(created_at=clock.now() - 400 * DAY)
    kids = [ChildFactory(municipality=m) for _ in range(8)]
    Child.objects.filter(pk__in=[k.pk for k in kids]).update(created_at=clock.now() - 2000 * DAY)
    expected = {
        "recent_case": _closed_case(world, kids[0], closed_days_ago=10),
        "to_archive": _closed_case(world, kids[1], closed_days_ago=100),
        "to_delete": _closed_case(world, kids[2], closed_days_ago=1200),
        "held_case": _closed_case(world, kids[3], closed_days_ago=1200),
        "old_concern": _closed_concern(world, kids[4], decided_days_ago=400),
        "young_concern": _closed_concern(world, kids[5], decided_days_ago=100),
    }
    # A pupil with nothing but a school enrolment is kept; a child with nothing is not.
    Enrolment.objects.create(school=world.school, child=kids[6])
    expected["nothing_left"] = kids[7]
    expected["pupil"] = kids[6]
    expected["own_child"] = own_child
    services.place_hold(
        placed_by=_officer(world).user, child_pk=kids[3].pk, reason="Klagesak hos Statsforvalteren"
    )
    world.child.refresh_from_db()
    return world, expected


def _officer(world):
    world.nurse.is_data_protection_officer = True
    world.nurse.save()
    return world.nurse


def test_the_dry_run_names_exactly_what_the_rules_say(generated):
    world, e = generated
    due = rules.due(world.municipality, now=clock.now())
    assert due.cases_to_archive == [e["to_archive"].pk]
    assert due.cases_to_delete == [e["to_delete"].pk]
    assert due.concerns_to_delete == [e["old_concern"].pk]
    # The children of the deleted case and of the deleted concern, and the two with nothing:
    # never the pupil, the held child or those with a younger case or concern.
    assert due.children_to_delete == sorted(
        [
            e["to_delete"].child_id,
            e["old_concern"].child_id,
            e["nothing_left"].pk,
            e["own_child"].pk,
        ]
    )
    # The generated municipality: children and guardians with nothing else, all due.
    other = Child.objects.exclude(municipality=world.municipality).first().municipality
    assert rules.due(other, now=clock.now()).children_to_delete == sorted(
        Child.objects.filter(municipality=other).values_list("pk", flat=True)
    )


def test_the_run_deletes_exactly_that_with_everything_of_it(generated):
    world, e = generated
    gone = e["to_delete"]
    gone_child = gone.child_id
    log_ids = list(LogEntry.objects.filter(case=gone).values_list("pk", flat=True))
    assert log_ids and PlanSnapshot.objects.filter(plan__case=gone).exists()
    before = {
        "cases": Case.objects.count(),
        "concerns": Concern.objects.count(),
    }
    due = rules.due(world.municipality, now=clock.now())

    run = services.apply_rules(world.municipality)

    assert run.finished_at is not None
    assert run.done["cases_archived"] == due.cases_to_archive
    assert run.done["cases_deleted"] == due.cases_to_delete
    assert run.done["concerns_deleted"] == due.concerns_to_delete
    assert run.done["children_deleted"] == due.children_to_delete
    assert not Case.objects.filter(pk=gone.pk).exists()
    assert not LogEntry.objects.filter(pk__in=log_ids).exists()
    assert not Child.objects.filter(pk=gone_child).exists()
    assert not NetworkPerson.objects.filter(child_id=gone_child).exists()
    assert not Concern.objects.filter(pk=e["old_concern"].pk).exists()
    assert Case.objects.count() == before["cases"] - 1
    # Its concern went with it, as did the old closed one.
    assert Concern.objects.count() == before["concerns"] - 2
    archived = Case.objects.get(pk=e["to_archive"].pk)
    assert archived.archived_at is not None
    for kept in ("recent_case", "held_case"):
        assert Case.objects.get(pk=e[kept].pk).archived_at is None
    assert Concern.objects.filter(pk=e["young_concern"].pk).exists()
    assert Child.objects.filter(pk=e["pupil"].pk).exists()
    assert run.done["rows"]["cases.LogEntry"] >= len(log_ids)
    # Nothing is due any more, and the access log is whole.
    assert rules.due(world.municipality, now=clock.now()).empty
    assert list(verify()) == []


def test_each_deletion_is_in_the_access_log_by_opaque_id(generated):
    world, e = generated
    run = services.apply_rules(world.municipality)
    events = AuditEvent.objects.filter(actor_role="retention")
    deleted_cases = events.filter(action="retention.case_delete")
    assert list(deleted_cases.values_list("case_id", flat=True)) == [e["to_delete"].pk]
    assert (
        sorted(
            int(i)
            for i in events.filter(action="retention.child_delete").values_list(
                "object_id", flat=True
            )
        )
        == run.done["children_deleted"]
    )
    summary = events.get(action="retention.run")
    assert summary.object_id == str(run.pk)
    assert "cases_deleted=1" in summary.purpose and "children_deleted=4" in summary.purpose


def test_access_log_events_hold_no_personal_data(generated):
    """What a deletion leaves behind: events with ids and codes only, none of the deleted
    child's names, birth date or identity number, in any field."""
    world, e = generated
    child = e["to_delete"].child
    personal = {child.given_name, child.family_name, child.date_of_birth.isoformat(), "Mor"}
    if child.national_id:
        personal.add(child.national_id)
    services.apply_rules(world.municipality)
    text_fields = [
        f.attname
        for f in AuditEvent._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
    ]
    for values in AuditEvent.objects.values_list(*text_fields):
        for value in values:
            assert not any(p in value for p in personal), value


def test_a_legal_hold_stops_everything_and_lifting_it_lets_the_rules_apply(generated):
    world, e = generated
    held = e["held_case"]
    services.apply_rules(world.municipality)
    assert Case.objects.get(pk=held.pk).archived_at is None
    hold = LegalHold.objects.get(child_id=held.child_id, lifted_at__isnull=True)
    services.lift_hold(lifted_by=world.nurse.user, hold_pk=hold.pk)
    services.apply_rules(world.municipality)
    assert not Case.objects.filter(pk=held.pk).exists()
    assert not Child.objects.filter(pk=held.child_id).exists()


def test_an_interrupted_run_deleted_nothing_by_half_and_the_next_run_resumes_it(
    generated, monkeypatch
):
    world, e = generated
    real = purge.purge
    calls = {"n": 0}

    def breaks_on_the_second_item(model, ids, rows):
        if model is not Case and model is not Concern and model is not Child:
            return real(model, ids, rows)
        calls["n"] += 1
        if calls["n"] == 2:
            real(model, ids, rows)  # deletes, then the machine goes down before commit
            raise DatabaseError("connection lost")
        return real(model, ids, rows)

    monkeypatch.setattr(services, "purge", breaks_on_the_second_item)
    with pytest.raises(DatabaseError, match="connection lost"):
        services.apply_rules(world.municipality)
    run = RetentionRun.objects.get()
    assert run.finished_at is None
    assert run.done["cases_deleted"] == [e["to_delete"].pk]
    # The concern's transaction rolled back whole: the concern and its child are all there.
    assert Concern.objects.filter(pk=e["old_concern"].pk).exists()
    assert Child.objects.filter(pk=e["old_concern"].child_id).exists()

    monkeypatch.setattr(services, "purge", real)
    resumed = services.apply_rules(world.municipality)
    assert resumed.pk == run.pk and resumed.finished_at is not None
    assert resumed.done["concerns_deleted"] == [e["old_concern"].pk]
    assert not Concern.objects.filter(pk=e["old_concern"].pk).exists()
    assert list(verify()) == []


def test_a_child_who_got_a_new_concern_during_the_run_is_kept(generated, monkeypatch):
    world, e = generated
    lonely = e["nothing_left"]
    real_due = rules.due

    def due_then_a_concern_arrives(municipality, *, now):
        answer = real_due(municipality, now=now)
        world.concern(child=lonely)
        return answer

    monkeypatch.setattr(rules, "due", due_then_a_concern_arrives)
    run = services.apply_rules(world.municipality)
    assert lonely.pk not in run.done["children_deleted"]
    assert Child.objects.filter(pk=lonely.pk).exists()


def test_outside_a_run_the_log_and_plan_history_stay_append_only(generated):
    world, e = generated
    entry = LogEntry.objects.filter(case=e["recent_case"]).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PlanSnapshot.objects.filter(plan__case=e["recent_case"]).delete()
    # Not even the run's permit lets the access log go.
    run = RetentionRun.objects.create(municipality=world.municipality, started_at=clock.now())
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        from helhet.retention.models import DeletionPermit

        DeletionPermit.objects.create(run=run)
        AuditEvent.objects.filter(pk=AuditEvent.objects.first().pk).delete()
    assert connection.vendor in ("sqlite", "postgresql")


def test_every_kind_of_row_a_deletion_reaches_is_named_in_the_retention_docs():
    """A new model that refers to a child, a concern or a case is deleted with them: its author
    must say so in docs/retention.md (or change the rules)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "retention.md").read_text()
    reached = purge.reachable_models(Child) | purge.reachable_models(Case)
    missing = sorted(label for label in reached if f"`{label}`" not in text)
    assert missing == []
