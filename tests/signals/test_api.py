"""The API's door to absence: the school system imports a file (its leaders' token), and the
contact teacher reads and dismisses signals — the same rules as the pages."""

from __future__ import annotations

from helhet.audit.models import AuditEvent
from helhet.signals.models import AbsenceImport, Signal, SignalStatus
from tests.api.conftest import api_client
from tests.scenarios import build_world
from tests.signals.conftest import school_days_back


def _post_file(client, school, path, **query):
    url = f"/api/v1/schools/{school.world.school.pk}/absence-imports/"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return client.post(url, data=path.read_bytes(), content_type="text/csv")


def test_the_school_system_imports_a_file_and_again_changes_nothing(school):
    client = api_client(school.world.head_teacher)
    path = school.file(school.days_off(school.pupil, school_days_back(5)))
    created = _post_file(client, school, path)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["rows"], body["days_added"]) == (5, 5)
    # Five days in a row, and perhaps a share of the period or a month too, by the calendar.
    assert body["signals_raised"] == Signal.objects.count() >= 1
    again = _post_file(client, school, path).json()
    assert (again["days_added"], again["days_changed"], again["days_removed"]) == (0, 0, 0)
    assert AbsenceImport.objects.count() == 2


def test_bad_rows_are_a_422_with_their_lines_and_nothing_is_imported(school):
    client = api_client(school.world.head_teacher)
    rows = [*school.days_off(school.pupil, school_days_back(1)), ["", "P-1", "x", "", "sick"]]
    refused = _post_file(client, school, school.file(rows))
    assert refused.status_code == 422
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {"field": "line 3", "message": "the date is not a date (YYYY-MM-DD) (1)"}
    ]
    assert not AbsenceImport.objects.exists()
    assert (
        _post_file(client, school, school.file(rows), leave_out_bad_rows="true").status_code == 201
    )


def test_a_file_that_is_no_export_and_an_empty_body_are_400s(school):
    client = api_client(school.world.head_teacher)
    url = f"/api/v1/schools/{school.world.school.pk}/absence-imports/"
    assert client.post(url, data=b"", content_type="text/csv").status_code == 400
    bad = client.post(url, data=b"a,b\n1,2\n", content_type="text/csv")
    assert bad.status_code == 400
    assert "must have the columns" in bad.json()["errors"][0]["message"]


def test_only_the_schools_leaders_import_and_others_get_404(school):
    path = school.file(school.days_off(school.pupil, school_days_back(1)))
    for who in (school.world.teacher, school.world.nurse, build_world().head_teacher):
        assert _post_file(api_client(who), school, path).status_code == 404
    read_only = api_client(school.world.head_teacher, scope="read")
    assert _post_file(read_only, school, path).status_code in (403, 404)
    assert not AbsenceImport.objects.exists()


def test_the_contact_teacher_reads_and_dismisses_a_signal_others_get_404(school):
    _post_file(
        api_client(school.world.head_teacher),
        school,
        school.file(school.days_off(school.pupil, school_days_back(5))),
    )
    signal = Signal.objects.get(rule__kind="consecutive_days")
    teacher = api_client(school.world.teacher)
    listed = {s["id"]: s for s in teacher.get("/api/v1/signals/").json()}
    assert set(listed) == set(Signal.objects.values_list("pk", flat=True))
    assert listed[signal.pk]["summary"].startswith("5 school days in a row")
    detail = teacher.get(f"/api/v1/signals/{signal.pk}/").json()
    assert len(detail["days"]) == 5
    assert AuditEvent.objects.filter(action="signal.read", child_id=school.pupil.pk).count() == 1
    for who in (school.world.nurse, build_world().head_teacher):
        other = api_client(who)
        assert other.get("/api/v1/signals/").json() == []
        assert other.get(f"/api/v1/signals/{signal.pk}/").status_code == 404
        assert (
            other.post(
                f"/api/v1/signals/{signal.pk}/dismiss/", {"reason": "x"}, format="json"
            ).status_code
            == 404
        )
    refused = teacher.post(f"/api/v1/signals/{signal.pk}/dismiss/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    done = teacher.post(
        f"/api/v1/signals/{signal.pk}/dismiss/", {"reason": "Kjent sykdom."}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == SignalStatus.DISMISSED


def test_a_body_past_the_limit_is_a_413_and_nothing_is_imported(school, monkeypatch):
    monkeypatch.setattr("helhet.signals.limits.MAX_UPLOAD_BYTES", 100)
    path = school.file(school.days_off(school.pupil, school_days_back(10)))
    assert path.stat().st_size > 100
    response = _post_file(api_client(school.world.head_teacher), school, path)
    assert response.status_code == 413
    assert not AbsenceImport.objects.exists()
