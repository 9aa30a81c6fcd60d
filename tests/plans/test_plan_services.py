"""Rules of the plan: goals, measures, the overlap view, evaluations, history and closing."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import LogEntry, LogKind
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.plans import services
from helhet.plans.models import Evaluation, Goal, Measure, PlanSnapshot
from helhet.plans.selectors.plan import plan_as_of, plan_overview
from helhet.plans.selectors.voice import what_matters
from helhet.tenancy.models import LifeArea, WellbeingFramework
from tests.scenarios import professional_in


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def evaluate(pw, **kwargs):
    defaults = {
        "case": pw.case,
        "recorded_by": pw.world.teacher.user,
        "evaluated_on": clock.today(),
        "worked": "Samtalene hjelper.",
        "did_not_work": "Morgenene er fortsatt tunge.",
        "next_steps": "Fortsette med samtaler.",
        "team_scale": 6,
        "child_scale": 7,
        "child_voice": "Det går litt bedre.",
    }
    defaults.update(kwargs)
    return services.evaluation_record(**defaults)


# --- goals -------------------------------------------------------------------------------------


def test_a_goal_in_the_childs_words_is_logged_audited_and_snapshotted(pw):
    goal = pw.goal()
    assert goal.plan.case == pw.case
    assert goal.whose_words == "child"
    entry = LogEntry.objects.filter(case=pw.case, kind=LogKind.PLAN).get()
    assert "Jeg vil gå på skolen hver dag." in entry.text
    assert AuditEvent.objects.filter(action="plan.goal.add", case_id=pw.case.pk).count() == 1
    snap = PlanSnapshot.objects.get(plan=goal.plan)
    assert snap.document["goals"][0]["text"] == "Jeg vil gå på skolen hver dag."


def test_a_goal_needs_a_responsible_service(pw):
    with pytest.raises(DomainError) as refused:
        pw.goal(responsible_service=None)
    assert refused.value.field == "service"
    assert not Goal.objects.exists()


def test_a_goal_needs_text(pw):
    with pytest.raises(DomainError, match="Write the goal"):
        pw.goal(text="   ")


def test_the_responsible_service_must_be_covered_by_consent(pw):
    with pytest.raises(DomainError, match="not covered by consent"):
        pw.goal(responsible_service=pw.world.child_welfare)
    assert not Goal.objects.exists()


def test_the_life_area_comes_from_the_municipalitys_framework(pw):
    girfec = WellbeingFramework.objects.get(code="girfec")
    safe = LifeArea.objects.get(framework=girfec, code="safe")
    with pytest.raises(DomainError, match="life areas"):
        pw.goal(life_area=safe)
    pw.world.municipality.wellbeing_framework = girfec
    pw.world.municipality.save()
    pw.case.municipality.refresh_from_db()
    assert pw.goal(life_area=safe).life_area == safe
    with pytest.raises(DomainError, match="life areas"):
        pw.goal(life_area=pw.area("health"))


def test_a_stale_form_is_refused_and_nothing_saved(pw):
    version = pw.refresh().version
    pw.goal()
    with pytest.raises(DomainError, match="Someone else changed the case"):
        pw.goal(text="Et annet mål", expected_version=version)
    assert Goal.objects.count() == 1


def test_changing_a_goal_is_logged_and_kept_in_the_history(pw):
    goal = pw.goal()
    services.goal_change(
        goal=goal,
        changed_by=pw.world.nurse.user,
        life_area=goal.life_area,
        text=goal.text,
        whose_words="child",
        responsible_service=pw.world.school,
        status="achieved",
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert any(
        e.display_text.startswith("Goal achieved") for e in LogEntry.objects.filter(case=pw.case)
    )
    assert [s.document["goals"][0]["status"] for s in PlanSnapshot.objects.order_by("pk")] == [
        "active",
        "achieved",
    ]


# --- measures ----------------------------------------------------------------------------------


def test_a_measure_cannot_end_before_it_starts(pw):
    goal = pw.goal()
    with pytest.raises(DomainError, match="cannot end before it starts") as refused:
        pw.measure(goal, days=(10, 5))
    assert refused.value.field == "ends_on"
    assert not Measure.objects.exists()


def test_a_measure_needs_an_end_or_a_frequency(pw):
    goal = pw.goal()
    with pytest.raises(DomainError, match="how often"):
        pw.measure(goal, days=(0, None))
    measure = pw.measure(goal, days=(0, None), frequency="Hver tirsdag")
    assert measure.ends_on is None


def test_the_responsible_person_must_be_on_the_team(pw):
    goal = pw.goal()
    outsider = professional_in(pw.world.school)
    with pytest.raises(DomainError, match="not on the team") as refused:
        pw.measure(goal, responsible=outsider)
    assert refused.value.field == "responsible"


def test_a_measure_of_a_service_without_consent_is_refused(pw):
    goal = pw.goal()
    with pytest.raises(DomainError, match="not covered by consent"):
        pw.measure(goal, service=pw.world.child_welfare)


def test_measures_are_added_to_active_goals_only(pw):
    goal = pw.goal()
    services.goal_change(
        goal=goal,
        changed_by=pw.world.teacher.user,
        life_area=goal.life_area,
        text=goal.text,
        whose_words="child",
        responsible_service=pw.world.school,
        status="dropped",
    )
    with pytest.raises(DomainError, match="no longer active"):
        pw.measure(goal)


def test_measures_of_several_services_at_the_same_time_are_shown_side_by_side(pw):
    w = pw.world
    goal = pw.goal()
    school = pw.measure(goal, days=(0, 30))
    health = pw.measure(goal, service=w.health, responsible=w.nurse, days=(-5, 20))
    ppt = pw.measure(goal, service=w.ppt, responsible=w.ppt_advisor, days=(40, 80))
    overview = plan_overview(case=pw.case)
    assert overview.services_today == sorted([w.school.name, w.health.name])
    by_measure = {o.measure.pk: {m.pk for m in o.overlaps} for o in overview.ongoing}
    assert by_measure[school.pk] == {health.pk}
    assert by_measure[health.pk] == {school.pk}
    assert by_measure[ppt.pk] == set()  # starts after both have ended


def test_ended_and_completed_measures_leave_the_overview(pw):
    goal = pw.goal()
    measure = pw.measure(goal)
    services.measure_change(
        measure=measure,
        changed_by=pw.world.teacher.user,
        description=measure.description,
        service=measure.service,
        responsible=measure.responsible,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        frequency="",
        status="done",
    )
    assert plan_overview(case=pw.case).ongoing == []


# --- evaluations -------------------------------------------------------------------------------


def test_an_evaluation_records_both_scales_and_the_next_date(pw):
    pw.goal()
    evaluation = evaluate(pw, next_evaluation_due=days(42))
    assert (evaluation.child_scale, evaluation.team_scale) == (7, 6)
    assert evaluation.plan.evaluation_due == days(42)
    entry = LogEntry.objects.get(case=pw.case, kind=LogKind.EVALUATION)
    assert "Samtalene hjelper." in entry.text


def test_an_evaluation_needs_the_childs_voice_or_why_not(pw):
    pw.goal()
    with pytest.raises(DomainError, match="why the child was not asked") as refused:
        evaluate(pw, child_voice="", child_not_asked_reason="")
    assert refused.value.field == "child_voice"
    evaluate(pw, child_voice="", child_not_asked_reason="Syk den dagen.", child_scale=None)
    assert Evaluation.objects.get().child_scale is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"evaluated_on": days(1)}, "future"),
        ({"team_scale": 11}, "0 to 10"),
        ({"team_scale": None}, "0 to 10"),
        ({"child_scale": -1}, "0 to 10"),
        ({"worked": " "}, "required"),
        ({"next_evaluation_due": days(0)}, "after today"),
        ({"is_final": True, "next_evaluation_due": days(10)}, "no next evaluation"),
    ],
)
def test_bad_evaluations_are_refused(pw, change, message):
    pw.goal()
    with pytest.raises(DomainError, match=message):
        evaluate(pw, **change)
    assert not Evaluation.objects.exists()


def test_there_is_nothing_to_evaluate_without_goals(pw):
    with pytest.raises(DomainError, match="no goals"):
        evaluate(pw)


def test_an_evaluation_on_a_closed_case_is_refused(pw):
    pw.goal()
    evaluate(pw, is_final=True)
    case_services.case_close(case=pw.case, closed_by=pw.world.teacher.user, reason="Ferdig.")
    with pytest.raises(DomainError, match="closed"):
        evaluate(pw)
    assert Evaluation.objects.count() == 1


def test_the_evaluation_date_cannot_be_in_the_past(pw):
    with pytest.raises(DomainError, match="past"):
        services.evaluation_schedule(case=pw.case, scheduled_by=pw.world.teacher.user, due=days(-1))
    plan = services.evaluation_schedule(
        case=pw.case, scheduled_by=pw.world.teacher.user, due=days(14)
    )
    assert plan.evaluation_due == days(14)


# --- closing with a final evaluation -----------------------------------------------------------


def test_a_case_with_a_plan_closes_only_after_a_final_evaluation(pw):
    pw.goal()
    evaluate(pw)  # an ordinary evaluation is not enough
    with pytest.raises(DomainError, match="no final evaluation"):
        case_services.case_close(case=pw.case, closed_by=pw.world.teacher.user, reason="Ferdig.")
    evaluate(pw, is_final=True)
    case = case_services.case_close(
        case=pw.case, closed_by=pw.world.teacher.user, reason="Målene er nådd."
    )
    assert case.status == "closed"


def test_a_case_without_a_plan_closes_as_before(pw):
    case = case_services.case_close(case=pw.case, closed_by=pw.world.teacher.user, reason="Ok.")
    assert case.status == "closed"


# --- history -----------------------------------------------------------------------------------


def test_the_plan_as_it_was_on_a_given_date(pw, monkeypatch):
    start = clock.now()

    def at(day: int):
        monkeypatch.setattr(clock, "now", lambda: start + datetime.timedelta(days=day))

    at(0)
    first = pw.goal(text="Jeg vil sove bedre.")
    at(3)
    pw.goal(text="Jeg vil ha en venn i friminuttene.")
    services.goal_change(
        goal=first,
        changed_by=pw.world.teacher.user,
        life_area=first.life_area,
        text="Jeg vil sove bedre og orke frokost.",
        whose_words="child",
        responsible_service=pw.world.school,
        status="active",
    )
    at(5)

    on_day_1, snap_1 = plan_as_of(
        fetched_by=pw.world.teacher.user,
        case=pw.case,
        on=timezone.localdate(start + datetime.timedelta(days=1)),
    )
    assert [g.text for g in on_day_1.goals] == ["Jeg vil sove bedre."]
    assert snap_1 is not None
    on_day_3, _ = plan_as_of(
        fetched_by=pw.world.teacher.user,
        case=pw.case,
        on=timezone.localdate(start + datetime.timedelta(days=3)),
    )
    assert [g.text for g in on_day_3.goals] == [
        "Jeg vil sove bedre og orke frokost.",
        "Jeg vil ha en venn i friminuttene.",
    ]
    before, none = plan_as_of(
        fetched_by=pw.world.teacher.user,
        case=pw.case,
        on=timezone.localdate(start - datetime.timedelta(days=1)),
    )
    assert before.goals == [] and none is None
    reads = AuditEvent.objects.filter(case_id=pw.case.pk, purpose="plan history")
    assert reads.count() == 3


def test_the_plan_history_is_append_only(pw):
    pw.goal()
    snap = PlanSnapshot.objects.get()
    updating = r"plans_plansnapshot is append-only \(UPDATE refused\)"
    with pytest.raises(DatabaseError, match=updating), transaction.atomic():
        PlanSnapshot.objects.filter(pk=snap.pk).update(change="forged")
    deleting = r"plans_plansnapshot is append-only \(DELETE refused\)"
    with pytest.raises(DatabaseError, match=deleting), transaction.atomic():
        PlanSnapshot.objects.filter(pk=snap.pk).delete()


# --- what matters to me ------------------------------------------------------------------------


def test_what_matters_collects_the_childs_words_over_time(pw):
    pw.goal(text="Jeg vil spille fotball igjen.")
    pw.goal(text="Bedre søvn.", whose_words="team")
    evaluate(pw, child_voice="Treneren er snill.")
    said = [i.said for i in what_matters(fetched_by=pw.world.teacher.user, case=pw.case)]
    assert "Jeg vil spille fotball igjen." in said
    assert "Treneren er snill." in said
    assert "Jeg orker ikke skolen om morgenen." in said  # from the concern
    assert "Bedre søvn." not in said  # the team's words, not the child's
    assert AuditEvent.objects.filter(purpose="what matters to me").count() == 1


def test_withdrawn_consent_takes_the_service_out_of_new_plan_work(pw):
    w = pw.world
    goal = pw.goal()
    cw_consent = w.consent(pw.case, w.child_welfare)
    case_services.team_member_add(
        case=pw.case, added_by=w.teacher.user, professional=w.cw_worker, service=w.child_welfare
    )
    pw.measure(goal, service=w.child_welfare, responsible=w.cw_worker)
    consent_services.consent_withdraw(consent=cw_consent, withdrawn_by=w.teacher.user)
    with pytest.raises(DomainError, match="not covered by consent"):
        pw.measure(goal, service=w.child_welfare, responsible=w.cw_worker)
    assert Measure.objects.count() == 1


def test_someone_responsible_for_ongoing_measures_cannot_leave_the_team_yet(pw):
    w = pw.world
    goal = pw.goal()
    measure = pw.measure(goal, service=w.health, responsible=w.nurse)
    member = pw.case.team.get(professional=w.nurse, left_at=None)
    with pytest.raises(DomainError, match="responsible for 1 ongoing measure"):
        case_services.team_member_remove(member=member, removed_by=w.teacher.user, reason="Slutter")
    services.measure_change(
        measure=measure,
        changed_by=w.teacher.user,
        description=measure.description,
        service=w.school,
        responsible=w.teacher,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        frequency="",
        status="running",
    )
    left = case_services.team_member_remove(
        member=member, removed_by=w.teacher.user, reason="Slutter"
    )
    assert left.left_at is not None


def test_a_measure_whose_service_lost_consent_is_flagged_in_the_overview(pw):
    w = pw.world
    goal = pw.goal()
    cw_consent = w.consent(pw.case, w.child_welfare)
    case_services.team_member_add(
        case=pw.case, added_by=w.teacher.user, professional=w.cw_worker, service=w.child_welfare
    )
    pw.measure(goal, service=w.child_welfare, responsible=w.cw_worker)
    pw.measure(goal)
    assert [o.not_covered for o in plan_overview(case=pw.case).ongoing] == [False, False]
    consent_services.consent_withdraw(consent=cw_consent, withdrawn_by=w.teacher.user)
    flags = {o.measure.service: o.not_covered for o in plan_overview(case=pw.case).ongoing}
    assert flags == {w.child_welfare: True, w.school: False}
