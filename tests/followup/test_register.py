"""The register of young people outside school and work: the follow-up service imports from
the school register (idempotent, bad rows refused with their lines, unknown numbers listed),
follows each young person up (contacts, status with history, counsellor, a concern in one
step) and counts by status with small-number suppression; nobody else sees it."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.cases.models import Concern
from helhet.core import clock
from helhet.followup import selectors, services
from helhet.followup.models import FollowUp, FollowUpStatus
from tests.followup.conftest import SINCE, csv_of, register, young
from tests.scenarios import build_world


def test_import_adds_each_young_person_once_and_lists_unknown_numbers(service):
    world, follow_up, _counsellor, leader = service
    people = young(world, 3)
    raw = csv_of(
        [(p.national_id, "left", SINCE) for p in people] + [("01019912345", "left", SINCE)]
    )
    result = services.register_import(imported_by=leader.user, service_pk=follow_up.pk, raw=raw)
    assert (result.added, result.already, result.unknown) == (3, 0, [5])
    again = services.register_import(imported_by=leader.user, service_pk=follow_up.pk, raw=raw)
    assert (again.added, again.already) == (0, 3)
    assert FollowUp.objects.filter(service=follow_up).count() == 3
    assert AuditEvent.objects.filter(action="follow_up.import").count() == 2


def test_bad_rows_refuse_the_file_with_their_lines(service):
    world, follow_up, _counsellor, leader = service
    [person] = young(world)
    child = young(world, age=12)[0]
    future = (clock.today() + datetime.timedelta(days=3)).isoformat()
    raw = csv_of(
        [
            (person.national_id, "dropped", SINCE),
            (person.national_id, "left", "1.9.2026"),
            (person.national_id, "left", future),
        ]
    )
    with pytest.raises(services.RegisterRefused) as refused:
        services.register_import(imported_by=leader.user, service_pk=follow_up.pk, raw=raw)
    assert [line for line, _ in refused.value.result.problems] == [2, 3, 4]
    too_young = csv_of([(person.national_id, "left", SINCE), (child.national_id, "left", SINCE)])
    with pytest.raises(services.RegisterRefused) as refused:
        services.register_import(imported_by=leader.user, service_pk=follow_up.pk, raw=too_young)
    assert refused.value.result.problems == [(3, "the young person is not 15 to 24 years old")]
    assert not FollowUp.objects.exists()  # nothing half-imported


def test_a_contact_reaching_them_moves_them_to_in_contact_and_history_counts(client, service):
    world, follow_up, counsellor, leader = service
    [person] = young(world)
    services.register_import(
        imported_by=leader.user,
        service_pk=follow_up.pk,
        raw=csv_of([(person.national_id, "never_started", SINCE)]),
    )
    item = FollowUp.objects.get()
    client.force_login(counsellor.user)
    client.post(reverse("followup:counsellor", args=[item.pk]))
    yesterday = clock.today() - datetime.timedelta(days=1)
    client.post(
        reverse("followup:contact", args=[item.pk]),
        {
            "on": yesterday.isoformat(),
            "kind": "phone",
            "reached": "on",
            "note": "Vil prøve lærling.",
        },
    )
    item.refresh_from_db()
    assert (item.status, item.status_since, item.counsellor) == (
        FollowUpStatus.IN_CONTACT,
        yesterday,
        counsellor,
    )
    refused = client.post(
        reverse("followup:status", args=[item.pk]),
        {"status": "in_education", "on": (yesterday - datetime.timedelta(days=5)).isoformat()},
    )
    assert "cannot be before the current status began" in refused.content.decode()
    client.post(
        reverse("followup:status", args=[item.pk]),
        {"status": "in_education", "on": clock.today().isoformat()},
    )
    item.refresh_from_db()
    assert item.status == FollowUpStatus.IN_EDUCATION
    statuses = list(item.history.values_list("status", flat=True))
    assert statuses == ["not_reached", "in_contact", "in_education"]
    page = client.get(reverse("followup:detail", args=[item.pk])).content.decode()
    assert "Vil prøve lærling." in page
    assert AuditEvent.objects.filter(action="follow_up.read", child_id=person.pk).exists()


def test_the_count_by_status_hides_small_figures(service):
    world, _follow_up, counsellor, leader = service
    people = young(world, 14)
    register(service, people)
    for item in FollowUp.objects.order_by("pk")[:6]:
        services.status_change(
            changed_by=counsellor.user, pk=item.pk, status="in_work", on=clock.today()
        )
    today = selectors.status_count(fetched_by=counsellor.user, on=clock.today())
    shown = {status: number for status, _label, number in today.rows}
    # 8 not reached, 6 in work, 0 in the rest: the empty statuses are hidden, and as they add
    # up to less than 5 (the total minus the shown), the smallest shown figure is hidden too.
    assert shown == dict.fromkeys(FollowUpStatus.values) | {"not_reached": 8}
    assert today.total == 14
    before = selectors.status_count(
        fetched_by=counsellor.user, on=clock.today() - datetime.timedelta(days=1)
    )
    assert before.total == 14 and all(n is None for _s, _l, n in before.rows)
    few = selectors.status_count(fetched_by=leader.user, on=datetime.date(2000, 1, 1))
    assert few.total is None  # nobody on the register then: fewer than 5


def test_the_count_downloads_for_the_national_report_suppressed_and_recorded(client, service):
    world, _follow_up, counsellor, _leader = service
    register(service, young(world, 14))
    for item in FollowUp.objects.order_by("pk")[:6]:
        services.status_change(
            changed_by=counsellor.user, pk=item.pk, status="in_work", on=clock.today()
        )
    client.force_login(counsellor.user)
    response = client.get(reverse("followup:counts_csv"), {"on": clock.today().isoformat()})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    today = clock.today().isoformat()
    assert lines[0] == "date,status,young_people"
    # As on the page: 8 not reached shown; 6 in work hidden with the empty statuses.
    assert f"{today},not_reached,8" in lines and f"{today},in_work," in lines
    assert lines[-1] == f"{today},total,14"
    assert AuditEvent.objects.filter(action="follow_up.count_export").count() == 1
    # The same rows as a workbook, recorded too.
    workbook = client.get(reverse("followup:counts_xlsx"), {"on": today})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert cells[0] == ["date", "status", "young_people"]
    assert [today, "not_reached", 8] in cells and [today, "in_work", ""] in cells
    assert AuditEvent.objects.filter(action="follow_up.count_export").count() == 2
    client.force_login(world.teacher.user)
    assert client.get(reverse("followup:counts_csv")).status_code == 404
    assert client.get(reverse("followup:counts_xlsx")).status_code == 404


def test_a_concern_from_the_register_is_the_follow_up_services(client, service):
    world, follow_up, counsellor, leader = service
    [person] = young(world)
    services.register_import(
        imported_by=leader.user,
        service_pk=follow_up.pk,
        raw=csv_of([(person.national_id, "left", SINCE)]),
    )
    item = FollowUp.objects.get()
    client.force_login(counsellor.user)
    form = client.get(reverse("followup:concern", args=[item.pk])).content.decode()
    assert "On the follow-up service&#x27;s register since" in form
    response = client.post(
        reverse("followup:concern", args=[item.pk]),
        {
            "service": follow_up.pk,
            "observation": "Har ikke vært i skole eller jobb siden i vår.",
            "strengths": "Flink med motorsykler.",
            "child_voice": "Jeg vil jobbe med noe praktisk.",
            "worry": "5",
            "decision_due": (clock.today() + datetime.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Concern.objects.get(child=person).service == follow_up


@pytest.mark.parametrize("who", ["teacher", "other_municipality"])
def test_nobody_outside_the_follow_up_service_sees_the_register(client, service, who):
    world, follow_up, _counsellor, leader = service
    [person] = young(world)
    services.register_import(
        imported_by=leader.user,
        service_pk=follow_up.pk,
        raw=csv_of([(person.national_id, "left", SINCE)]),
    )
    item = FollowUp.objects.get()
    outsider = world.teacher if who == "teacher" else build_world().teacher
    client.force_login(outsider.user)
    for name, args in (
        ("followup:register", []),
        ("followup:counts", []),
        ("followup:import", []),
        ("followup:detail", [item.pk]),
        ("followup:concern", [item.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("followup:counsellor", args=[item.pk])).status_code == 404


def test_only_the_services_leaders_import_on_the_page(client, service):
    world, follow_up, counsellor, leader = service
    [person] = young(world)
    client.force_login(counsellor.user)
    assert client.get(reverse("followup:import")).status_code == 404
    client.force_login(leader.user)
    upload = SimpleUploadedFile("register.csv", csv_of([(person.national_id, "left", SINCE)]))
    response = client.post(reverse("followup:import"), {"service": follow_up.pk, "file": upload})
    assert "1 young people added" in response.content.decode()


def test_a_measure_offered_and_started_puts_the_young_person_in_a_measure(client, service):
    world, _follow_up_service, counsellor, _leader = service
    register(service, young(world))
    follow_up = FollowUp.objects.get()
    client.force_login(counsellor.user)
    today = clock.today().isoformat()
    url = reverse("followup:measure", args=[follow_up.pk])
    response = client.post(url, {"kind": "apprenticeship", "offered_on": "2999-01-01"})
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    client.post(url, {"kind": "apprenticeship", "offered_on": today, "note": "Bilfag."})
    measure = follow_up.measures.get()
    outcome_url = reverse("followup:measure_outcome", args=[follow_up.pk, measure.pk])
    prefix = f"measure-{measure.pk}"
    response = client.post(outcome_url, {f"{prefix}-outcome": "ended", f"{prefix}-on": today})
    assert "cannot become ended" in response.content.decode()
    client.post(outcome_url, {f"{prefix}-outcome": "started", f"{prefix}-on": today})
    follow_up.refresh_from_db()
    measure.refresh_from_db()
    assert measure.outcome == "started"
    assert follow_up.status == FollowUpStatus.IN_MEASURE
    assert list(follow_up.history.values_list("status", flat=True)) == [
        "not_reached",
        "in_measure",
    ]
    assert AuditEvent.objects.filter(action="follow_up.measure").count() == 2
    # Nobody outside the follow-up service records one.
    client.force_login(world.teacher.user)
    assert client.post(url, {"kind": "course", "offered_on": today}).status_code == 404
    assert follow_up.measures.count() == 1
