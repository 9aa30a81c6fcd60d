"""The signals pages and a pathway's page run as many queries for many rows as for few."""

from __future__ import annotations

import datetime

from django.urls import reverse

from helhet.core import clock
from helhet.pathways import services as pathway_services
from helhet.pathways.models import PathwayTemplate
from helhet.signals.models import AbsenceDay, Enrolment, Signal
from helhet.signals.services import absence_rules_ensure
from tests.factories import ChildFactory
from tests.querycount import assert_same_count, queries_of


def _signals(school, count: int) -> None:
    rule = absence_rules_ensure(municipality=school.world.municipality)[0]
    for _ in range(count):
        child = ChildFactory(municipality=school.world.municipality)
        Enrolment.objects.create(
            school=school.world.school, child=child, contact_teacher=school.world.teacher
        )
        day = clock.today() - datetime.timedelta(days=3)
        Signal.objects.create(
            school=school.world.school,
            child=child,
            rule=rule,
            key=day.isoformat(),
            facts={"from": day.isoformat(), "to": day.isoformat(), "days": 5, "threshold": 5},
        )


def test_the_signal_list_at_two_sizes(client, school):
    client.force_login(school.world.teacher.user)
    counts = {}
    for total in (2, 20):
        _signals(school, total - Signal.objects.count())
        counts[total] = queries_of(client, reverse("signals:list"))
    assert_same_count(counts)


def test_a_signal_and_its_pathway_at_two_sizes_of_absence(client, school):
    _signals(school, 1)
    signal = Signal.objects.get()
    client.force_login(school.world.teacher.user)
    pathway_services.pathway_templates_ensure(municipality=school.world.municipality)
    pathway = pathway_services.pathway_start(
        started_by=school.world.teacher.user,
        signal_pk=signal.pk,
        template_pk=PathwayTemplate.objects.get(code="worrying-school-absence").pk,
    )
    days = (clock.today() - datetime.timedelta(days=n) for n in range(1, 90))
    weekdays = [d for d in days if d.weekday() < 5]
    counts, pathway_counts = {}, {}
    for size in (2, 40):
        have = AbsenceDay.objects.count()
        AbsenceDay.objects.bulk_create(
            AbsenceDay(
                school=school.world.school,
                child=signal.child,
                date=day,
                school_day=0,
                whole_day=True,
                kind="undocumented",
            )
            for day in weekdays[have:size]
        )
        counts[size] = queries_of(client, reverse("signals:detail", args=[signal.pk]))
        pathway_counts[size] = queries_of(client, reverse("pathways:detail", args=[pathway.pk]))
    assert_same_count(counts)
    assert_same_count(pathway_counts)
