"""The signals pages: only the pupil's contact teacher and the school's leaders see a signal
(404 for everyone else, also across municipalities), every view of one is recorded, a signal is
dismissed with a reason or becomes a concern with its facts filled in; a school's leaders
import its files."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.cases.models import Concern
from helhet.core import clock
from helhet.signals import services
from helhet.signals.limits import MAX_UPLOAD_BYTES
from helhet.signals.models import Signal, SignalStatus
from tests.scenarios import build_world, professional_in
from tests.signals.conftest import school_days_back


@pytest.fixture
def signal(school) -> Signal:
    run = school_days_back(5)
    services.absence_import(
        imported_by=school.world.head_teacher.user,
        school=school.world.school,
        path=school.file(school.days_off(school.pupil, run)),
    )
    return Signal.objects.get(child=school.pupil, rule__kind="consecutive_days")


def _as(client, professional):
    client.force_login(professional.user)
    return client


def test_the_contact_teacher_and_the_schools_leader_see_the_signal(client, school, signal):
    for who in (school.world.teacher, school.world.head_teacher):
        page = _as(client, who).get(reverse("signals:list")).content.decode()
        assert reverse("signals:detail", args=[signal.pk]) in page
        assert "5 school days in a row" in page


@pytest.mark.parametrize("who", ["other_teacher", "nurse", "ppt_advisor", "other_municipality"])
def test_no_one_else_sees_it_and_its_page_is_missing_to_them(client, school, signal, who):
    world = school.world
    professional = {
        "other_teacher": lambda: professional_in(world.school),  # same school, not contact
        "nurse": lambda: world.nurse,
        "ppt_advisor": lambda: world.ppt_advisor,
        "other_municipality": lambda: build_world().head_teacher,
    }[who]()
    client = _as(client, professional)
    assert (
        reverse("signals:detail", args=[signal.pk])
        not in client.get(reverse("signals:list")).content.decode()
    )
    for name in ("signals:detail", "signals:concern"):
        assert client.get(reverse(name, args=[signal.pk])).status_code == 404
    refused = client.post(reverse("signals:dismiss", args=[signal.pk]), {"reason": "Syk."})
    assert refused.status_code == 404
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN
    assert not AuditEvent.objects.filter(action="signal.read").exists()


def test_the_signals_page_is_a_recorded_read_with_the_days(client, school, signal):
    response = _as(client, school.world.teacher).get(reverse("signals:detail", args=[signal.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Absence per month" in html
    assert html.count("<time datetime=") >= 5
    # The chart says in its description what its bars show: five days over 13 weeks.
    weeks = re.findall(r"Week (\d+): (\d+) days\.", html)
    assert len(weeks) == 13
    assert sum(int(days) for _week, days in weeks) == 5
    assert html.count('fill="#D55E00" stroke') == len([w for w in weeks if w[1] != "0"])
    event = AuditEvent.objects.get(action="signal.read")
    assert (event.child_id, event.service_id, event.actor_role) == (
        school.pupil.pk,
        school.world.school.pk,
        "contact teacher",
    )


def test_a_dismissal_needs_a_reason_and_keeps_it(client, school, signal):
    client = _as(client, school.world.teacher)
    url = reverse("signals:dismiss", args=[signal.pk])
    refused = client.post(url, {"reason": " "})
    assert refused.status_code == 200
    assert 'id="error-summary"' in refused.content.decode()
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.OPEN
    done = client.post(url, {"reason": "Kjent sykdom, avtalt med helsesykepleier."})
    assert done.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DISMISSED
    assert signal.dismiss_reason == "Kjent sykdom, avtalt med helsesykepleier."
    assert AuditEvent.objects.filter(action="signal.dismiss", child_id=school.pupil.pk).exists()
    again = client.post(url, {"reason": "En gang til."})
    assert "This signal has been dealt with already." in again.content.decode()


def test_a_signal_becomes_a_concern_with_its_facts_filled_in(client, school, signal):
    client = _as(client, school.world.teacher)
    url = reverse("signals:concern", args=[signal.pk])
    form = client.get(url).content.decode()
    assert "Absence signal from the school&#x27;s records: 5 school days in a row" in form
    response = client.post(
        url,
        {
            "service": school.world.school.pk,
            "observation": "Fem dager borte på rad, ingen melding hjemmefra.",
            "strengths": "Flink i matte, har gode venner.",
            "child_voice": "",
            "child_not_asked_reason": "Ikke på skolen ennå.",
            "worry": "6",
            "decision_due": (clock.today() + datetime.timedelta(days=14)).isoformat(),
        },
    )
    concern = Concern.objects.get(child=school.pupil)
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:concern", args=[concern.pk])
    signal.refresh_from_db()
    assert (signal.status, signal.concern_id) == (SignalStatus.CONCERN, concern.pk)
    assert concern.service == school.world.school


def test_only_a_schools_leader_has_the_import_page(client, school):
    assert _as(client, school.world.teacher).get(reverse("signals:import")).status_code == 404
    assert _as(client, school.world.nurse).get(reverse("signals:import")).status_code == 404
    assert _as(client, school.world.head_teacher).get(reverse("signals:import")).status_code == 200


def test_an_upload_with_bad_rows_lists_them_and_imports_nothing(client, school):
    client = _as(client, school.world.head_teacher)
    good = school.days_off(school.pupil, school_days_back(1))
    path = school.file([*good, ["", "P-1", "2026-13-40", "", "undocumented"]])
    upload = SimpleUploadedFile("fravaer.csv", path.read_bytes(), content_type="text/csv")
    response = client.post(
        reverse("signals:import"), {"school": school.world.school.pk, "file": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported: 1 rows have problems" in html
    assert "The date is not a date (YYYY-MM-DD)" in html
    assert "<td>3</td>" in html  # the line
    upload = SimpleUploadedFile("fravaer.csv", path.read_bytes(), content_type="text/csv")
    response = client.post(
        reverse("signals:import"),
        {"school": school.world.school.pk, "file": upload, "leave_out_bad_rows": "on"},
    )
    assert "The absence records were imported." in response.content.decode()


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, school, monkeypatch):
    monkeypatch.setattr("helhet.signals.limits.MAX_UPLOAD_BYTES", 10)
    client = _as(client, school.world.head_teacher)
    upload = SimpleUploadedFile("big.csv", b"x" * 11, content_type="text/csv")
    response = client.post(
        reverse("signals:import"), {"school": school.world.school.pk, "file": upload}
    )
    assert f"larger than {10 // (1024 * 1024)} MB" in response.content.decode()
    assert MAX_UPLOAD_BYTES == 200 * 1024 * 1024


def test_the_demo_offers_a_month_of_attendance_that_raises_two_signals(client, school, settings):
    client = _as(client, school.world.head_teacher)
    url = reverse("signals:example")
    assert client.get(url).status_code == 404  # outside the demo
    settings.HELHET_DEMO = True
    from helhet.signals.models import Enrolment

    Enrolment.objects.filter(child=school.other).update(pupil_id="P-2")
    example = client.get(url)
    assert example["Content-Type"].startswith("text/csv")
    upload = SimpleUploadedFile("example.csv", example.content, content_type="text/csv")
    response = client.post(
        reverse("signals:import"), {"school": school.world.school.pk, "file": upload}
    )
    assert "The absence records were imported." in response.content.decode()
    assert Signal.objects.values("child").distinct().count() == 2
    assert _as(client, school.world.teacher).get(url).status_code == 404  # leaders only


def test_the_schools_leader_names_a_pupils_contact_teacher(client, school):
    from helhet.signals.models import Enrolment

    colleague = professional_in(school.world.school)
    enrolment = Enrolment.objects.get(child=school.other)
    client = _as(client, school.world.head_teacher)
    page = client.get(reverse("signals:pupils")).content.decode()
    assert school.other.family_name in page
    assert AuditEvent.objects.filter(action="enrolment.list").count() == 1
    url = reverse("signals:contact_teacher", args=[enrolment.pk])
    assert client.post(url, {"contact_teacher": colleague.pk}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.contact_teacher == colleague
    # Not someone of another service; and not for a teacher, a nurse or another municipality.
    client.post(url, {"contact_teacher": school.world.nurse.pk})
    enrolment.refresh_from_db()
    assert enrolment.contact_teacher == colleague
    for who in (school.world.teacher, school.world.nurse):
        other = _as(client, who)
        assert other.get(reverse("signals:pupils")).status_code == 404
        assert other.post(url, {"contact_teacher": ""}).status_code == 404
    # Another municipality's principal sees their own school's pupils, never these.
    other = _as(client, build_world().head_teacher)
    assert school.other.family_name not in other.get(reverse("signals:pupils")).content.decode()
    assert other.post(url, {"contact_teacher": ""}).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.contact_teacher == colleague
