"""A municipal administrator sets the municipality's absence rules; no one else can, and no
administrator can change another municipality's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.signals import services
from helhet.signals.models import AbsenceRule, RuleKind, Signal
from tests.scenarios import build_world
from tests.signals.conftest import school_days_back


@pytest.fixture
def admin(school):
    professional = school.world.head_teacher
    professional.is_municipal_admin = True
    professional.save(update_fields=["is_municipal_admin"])
    return professional


def _rule(school, kind=RuleKind.CONSECUTIVE_DAYS) -> AbsenceRule:
    rules = services.absence_rules_ensure(municipality=school.world.municipality)
    return next(r for r in rules if r.kind == kind)


def _values(**changes) -> dict:
    values = {
        "kind": RuleKind.CONSECUTIVE_DAYS,
        "threshold": "3",
        "period_days": "60",
        "undocumented_weight": "1.0",
        "min_lessons": "3",
        "is_active": "on",
    }
    values.update(changes)
    return values


def test_the_administrator_lowers_a_threshold_and_the_next_import_uses_it(client, school, admin):
    rule = _rule(school)
    client.force_login(admin.user)
    assert "N school days in a row" in client.get(reverse("signals:rules")).content.decode()
    response = client.post(reverse("signals:rule_change", args=[rule.pk]), _values())
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.threshold == 3
    assert AuditEvent.objects.filter(action="absence_rule.save").count() == 1
    services.absence_import(
        imported_by=school.world.head_teacher.user,
        school=school.world.school,
        path=school.file(school.days_off(school.pupil, school_days_back(3))),
    )
    signal = Signal.objects.get(rule=rule)
    assert signal.facts["threshold"] == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"threshold": "1"}, "For this rule the threshold is from 2 to 60."),
        (
            {"kind": RuleKind.SHARE_OF_PERIOD, "threshold": "10", "period_days": "3"},
            "The period is from 7 to 365 days.",
        ),
        ({"undocumented_weight": "6.0"}, "Undocumented absence counts from 1 to 5 times."),
        ({"min_lessons": "0"}, "A day is from 1 to 10 lessons."),
    ],
)
def test_a_rule_out_of_bounds_is_refused_with_its_field(client, school, admin, changes, message):
    rule = _rule(school)
    client.force_login(admin.user)
    response = client.post(reverse("signals:rule_change", args=[rule.pk]), _values(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    rule.refresh_from_db()
    assert rule.threshold == 5


def test_a_new_rule_is_the_municipalitys(client, school, admin):
    client.force_login(admin.user)
    response = client.post(
        reverse("signals:rule_add"), _values(kind=RuleKind.DAYS_IN_MONTH, threshold="6")
    )
    assert response.status_code == 302
    assert AbsenceRule.objects.filter(
        municipality=school.world.municipality, kind=RuleKind.DAYS_IN_MONTH, threshold=6
    ).exists()


@pytest.mark.parametrize("who", ["teacher", "leader", "other_administrator"])
def test_no_one_else_sets_the_rules(client, school, who):
    rule = _rule(school)
    professional = {
        "teacher": school.world.teacher,
        "leader": school.world.head_teacher,  # leads the school, is no administrator
        "other_administrator": build_world().teacher,
    }[who]
    if who == "other_administrator":
        professional.is_municipal_admin = True
        professional.save(update_fields=["is_municipal_admin"])
    client.force_login(professional.user)
    change = reverse("signals:rule_change", args=[rule.pk])
    assert client.get(change).status_code == 404
    assert client.post(change, _values()).status_code == 404
    if who != "other_administrator":
        assert client.get(reverse("signals:rules")).status_code == 404
    rule.refresh_from_db()
    assert rule.threshold == 5
