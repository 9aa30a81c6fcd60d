"""HTTP tests for the data protection officer's search of the access log."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.audit.services import audit_record
from helhet.core import clock
from tests.querycount import assert_same_count, measured
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

URL = reverse("audit:search")
SEARCH_QUERIES = 12  # measured, the same for a few rows as for a full page (tests/querycount.py)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def officer(world):
    world.cw_worker.is_data_protection_officer = True
    world.cw_worker.save()
    return world.cw_worker


@pytest.fixture
def case(world):
    return world.case(consent_for=(world.school, world.health))


def _get(client, professional, params=None):
    client.force_login(professional.user)
    return client.get(URL, params or {})


def _content(response) -> str:
    return response.content.decode()


def _rows(response) -> str:
    """Only the result table (the action filter's options name every action, too)."""
    content = _content(response)
    return content[content.index("<caption") : content.index("</table>")]


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_only_the_data_protection_officer_may_search(client, world, officer):
    for professional in (world.teacher, world.head_teacher, world.nurse):
        assert _get(client, professional).status_code == 404
    assert _get(client, officer).status_code == 200


def test_officer_of_another_municipality_sees_nothing_of_ours(client, world, case):
    other = build_world()
    other.cw_worker.is_data_protection_officer = True
    other.cw_worker.save()
    other.case(consent_for=(other.school,))
    content = _content(_get(client, other.cw_worker))
    assert "concern.create" in content  # their own municipality's events
    ours = AuditEvent.objects.filter(municipality_id=world.municipality.pk)
    assert ours.exists()
    # filtering by our case id finds nothing: the search is limited to their municipality
    filtered = _rows(_get(client, other.cw_worker, {"case": case.pk}))
    assert str(world.teacher) not in filtered
    assert "0 events" in filtered
    search = AuditEvent.objects.filter(action="audit.search").latest("pk")
    assert (search.municipality_id, search.case_id) == (other.municipality.pk, None)


def test_search_shows_events_with_actor_role_service_and_ids(client, world, officer, case):
    client.force_login(world.teacher.user)
    client.get(reverse("cases:case", args=[case.pk]))
    response = _get(client, officer)
    assert response.status_code == 200
    content = _content(response)
    for text in (str(world.teacher), "Coordinator", "Skolen", "case.read", "case page"):
        assert text in content, text
    event = AuditEvent.objects.filter(action="case.read").latest("pk")
    assert f"<td>{event.case_id}</td>" in content
    assert f"<td>{event.child_id}</td>" in content


def test_search_is_audited_with_ids_only(client, world, officer, case):
    _get(client, officer, {"case": case.pk, "actor": world.teacher.pk})
    event = AuditEvent.objects.get(action="audit.search")
    assert event.actor_id == officer.user_id
    assert event.municipality_id == world.municipality.pk
    assert f"case={case.pk}" in event.purpose
    assert f"actor={world.teacher.pk}" in event.purpose
    assert str(world.teacher) not in event.purpose


def test_filters_by_actor_action_case_and_dates(client, world, officer, case):
    other_case = world.case(consent_for=(world.school,))
    client.force_login(world.nurse.user)
    with transaction.atomic():
        audit_record(
            actor=world.nurse.user,
            action="case.read",
            purpose="nurse read",
            municipality_id=world.municipality.pk,
            case_id=other_case.pk,
        )
    by_actor = _rows(_get(client, officer, {"actor": world.nurse.pk}))
    assert "nurse read" in by_actor
    assert "concern.create" not in by_actor
    by_action = _rows(_get(client, officer, {"action": "concern.create"}))
    assert "concern.create" in by_action
    assert "nurse read" not in by_action
    by_case = _rows(_get(client, officer, {"case": case.pk}))
    assert "nurse read" not in by_case
    tomorrow = (clock.today() + datetime.timedelta(days=1)).isoformat()
    future = _content(_get(client, officer, {"date_from": tomorrow, "action": "concern.create"}))
    assert "No events." in future
    today = clock.today().isoformat()
    now = _content(_get(client, officer, {"date_from": today, "date_to": today}))
    assert "nurse read" in now


def test_bad_filters_are_shown_and_nothing_is_searched(client, officer):
    response = _get(client, officer, {"date_from": "2025-05-02", "date_to": "2025-05-01"})
    assert response.status_code == 200
    content = _content(response)
    assert "The end date must not be before the start date." in content
    assert 'value="2025-05-02"' in content
    assert not AuditEvent.objects.filter(action="audit.search").exists()


def test_a_full_page_of_results_runs_as_many_queries_as_two_rows(client, world, officer):
    def read_by_the_teacher(rows: range) -> None:
        with transaction.atomic():
            for i in rows:
                audit_record(
                    actor=world.teacher.user,
                    action="case.read",
                    purpose=f"bulk {i}",
                    municipality_id=world.municipality.pk,
                    service_id=world.school.pk,
                )

    client.force_login(officer.user)
    read_by_the_teacher(range(2))
    count, response = measured(client, URL, {"action": "case.read"})
    assert _content(response).count("<tr>") == 3  # header + 2 rows
    counts = {"2 rows": count}
    read_by_the_teacher(range(2, 130))
    counts["page 2 of 130"], response = measured(client, URL, {"action": "case.read", "page": 2})
    assert_same_count(counts, expected=SEARCH_QUERIES)
    content = _content(response)
    assert "Page 2 of 3" in content
    assert content.count("<tr>") == 51
    assert "action=case.read" in content  # the pager keeps the filters


def test_the_action_filter_offers_every_registered_action_without_reading_the_log(client, officer):
    from helhet.audit.actions import ACTIONS

    content = _content(_get(client, officer, {}))
    for action in ("case.read", "handover.accept", "concern.decide.reported", "case.export"):
        assert f'<option value="{action}"' in content
    assert len(ACTIONS) > 40
