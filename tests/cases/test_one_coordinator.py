"""One coordinator on every screen: after a handover the former coordinator is a team member, not
a second "Coordinator" (issue 13.1). The label comes from the case at read time, in the reader's
language; it is never stored on the team member."""

from __future__ import annotations

import re

import pytest

from helhet.cases import services as case_services
from helhet.cases.models import TeamMember
from tests.api.conftest import token_for
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

LABEL = {"en": "Coordinator", "nb": "Stafettholder"}


@pytest.fixture
def handed_over():
    world = build_world()
    case = world.case(consent_for=(world.school, world.health))
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
        reason="Helse i sentrum.",
    )
    case_services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    case.refresh_from_db()
    return world, case


def _team_items(html: str) -> list[str]:
    section = html.split('id="team-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li class="contact">(.*?)</li>', section, flags=re.S)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_case_page_shows_one_coordinator_after_a_handover(client, handed_over, language):
    world, case = handed_over
    client.force_login(world.nurse.user)
    html = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    items = _team_items(html)
    labelled = [item for item in items if LABEL[language] in item]
    assert len(labelled) == 1, labelled
    assert str(world.nurse) in labelled[0]
    assert any(str(world.teacher) in item for item in items), "the former one is still on the team"


def test_no_coordinator_label_is_stored(handed_over):
    _world, case = handed_over
    assert set(TeamMember.objects.filter(case=case).values_list("role_in_case", flat=True)) == {""}


def test_the_api_names_one_coordinator_after_a_handover(client, handed_over):
    world, case = handed_over
    token = token_for(world.nurse)
    team = client.get(f"/api/v1/cases/{case.pk}/team/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    members = team["results"] if isinstance(team, dict) else team
    coordinators = [m["professional"]["id"] for m in members if m["is_coordinator"]]
    assert coordinators == [world.nurse.pk]
    assert {m["role_in_case"] for m in members} == {""}


def test_the_migration_removes_stored_labels_in_every_language(handed_over):
    import importlib

    from django.apps import apps

    _world, case = handed_over
    TeamMember.objects.filter(case=case).update(role_in_case="Stafettholder")
    importlib.import_module("helhet.cases.migrations.0007_coordinator_label_not_stored").forwards(
        apps, None
    )
    assert set(TeamMember.objects.filter(case=case).values_list("role_in_case", flat=True)) == {""}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "accepted the coordinator role."), ("nb", "tok imot stafetten")],
)
def test_a_system_log_entry_is_read_in_the_readers_language(
    client, handed_over, language, expected
):
    """Written once (stored as its message and values), read in each reader's language."""
    from helhet.cases.models import LogEntry

    world, case = handed_over
    entry = LogEntry.objects.filter(case=case, kind="handover").latest("pk")
    assert entry.message["t"] == "%(name)s accepted the coordinator role."
    client.force_login(world.nurse.user)
    html = client.get(f"/work/cases/{case.pk}/log/", HTTP_ACCEPT_LANGUAGE=language).content
    assert expected in html.decode()


def test_the_access_log_speaks_the_readers_language(client, handed_over):
    """Roles and actions are stored as codes and shown as words in the reader's language (the
    code stays beside the action, for the data protection officer's searches)."""
    world, case = handed_over
    client.force_login(world.nurse.user)
    html = client.get(f"/work/cases/{case.pk}/access-log/", HTTP_ACCEPT_LANGUAGE="nb").content
    html = html.decode()
    from django.utils import translation

    from helhet.audit.labels import what_was_done

    with translation.override("nb"):
        label = what_was_done("case.access_log.read")
    assert "<td>Stafettholder</td>" in html
    assert label[0].upper() + label[1:] in html
    assert '<code lang="en">case.access_log.read</code>' in html
    assert "<td>coordinator</td>" not in html
