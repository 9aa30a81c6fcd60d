"""The data protection officer's retention pages: the rules and what is due, the archive
(read-only, only the officer, each read in the access log), legal holds placed and lifted.
Staff and another municipality's officer get 404; an archived case is gone for its old team
and for the family."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.core import clock
from helhet.retention import services
from helhet.retention.models import LegalHold
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    world.ppt_advisor.is_data_protection_officer = True
    world.ppt_advisor.save(update_fields=["is_data_protection_officer"])
    return world


@pytest.fixture
def archived(world):
    case = world.case(consent_for=(world.school, world.health))
    case_services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Samtale med mor om morgenene."
    )
    case.refresh_from_db()
    case_services.case_close(case=case, closed_by=world.teacher.user, reason="Det går bra.")
    Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - datetime.timedelta(days=100))
    run = services.apply_rules(world.municipality)
    assert run.done["cases_archived"] == [case.pk]
    return Case.objects.get(pk=case.pk)


def officer(world):
    return world.ppt_advisor.user


def test_the_officer_sees_the_rules_what_is_due_and_the_runs(client, world, archived):
    client.force_login(officer(world))
    page = client.get(reverse("retention:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "90 days" in text and "1825 days" in text
    assert "No child is on hold." in text


def test_the_archive_lists_and_shows_the_case_read_only_and_records_each_read(
    client, world, archived
):
    client.force_login(officer(world))
    listing = client.get(reverse("retention:archive"))
    assert str(archived.child) in listing.content.decode()
    page = client.get(reverse("retention:archived_case", args=[archived.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Samtale med mor om morgenene." in text
    assert "Correct this entry" not in text  # nothing in it can change
    reads = AuditEvent.objects.filter(actor=officer(world), action__startswith="archive.")
    assert list(reads.order_by("sequence").values_list("action", "case_id")) == [
        ("archive.list", None),
        ("archive.read", archived.pk),
    ]


def test_the_old_team_no_longer_sees_the_archived_case(client, world, archived):
    client.force_login(world.teacher.user)
    assert client.get(reverse("cases:case", args=[archived.pk])).status_code == 404
    assert client.get(f"/api/v1/cases/{archived.pk}/").status_code == 404
    concern = archived.concerns.get()
    assert client.get(reverse("cases:concern", args=[concern.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher", "admin", "other_officer"])
def test_everyone_but_the_officer_gets_404(client, world, archived, who):
    if who == "teacher":
        user = world.teacher.user
    elif who == "admin":
        world.head_teacher.is_municipal_admin = True
        world.head_teacher.save()
        user = world.head_teacher.user
    else:
        other = build_world()
        other.nurse.is_data_protection_officer = True
        other.nurse.save()
        user = other.nurse.user
    client.force_login(user)
    own_pages = (
        reverse("retention:index"),
        reverse("retention:archive"),
        reverse("retention:hold"),
    )
    for url in own_pages:
        # Another municipality's officer has their own (empty) pages; nobody else has any.
        assert client.get(url).status_code == (200 if who == "other_officer" else 404), url
    listing = client.get(reverse("retention:archive")).content.decode()
    assert str(archived.child) not in listing
    assert client.get(reverse("retention:archived_case", args=[archived.pk])).status_code == 404
    response = client.post(reverse("retention:hold"), {"child": archived.child_id, "reason": "x"})
    assert response.status_code == 404
    assert not LegalHold.objects.exists()


def test_a_hold_from_the_archive_is_placed_then_lifted(client, world, archived):
    client.force_login(officer(world))
    response = client.post(
        reverse("retention:hold"), {"child": archived.child_id, "reason": "Klagesak"}
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(lifted_at__isnull=True)
    assert hold.child_id == archived.child_id
    assert AuditEvent.objects.filter(action="retention.hold_place", child_id=hold.child_id)
    # Another municipality's officer cannot lift it.
    other = build_world()
    other.nurse.is_data_protection_officer = True
    other.nurse.save()
    client.force_login(other.nurse.user)
    assert client.post(reverse("retention:lift", args=[hold.pk])).status_code == 404
    client.force_login(officer(world))
    assert client.post(reverse("retention:lift", args=[hold.pk])).status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lifted_by == world.ppt_advisor


def test_a_hold_by_an_unknown_number_or_without_reason_says_why_and_keeps_what_was_typed(
    client, world
):
    client.force_login(officer(world))
    response = client.post(reverse("retention:hold"), {"national_id": "12345", "reason": "Sak 7"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sak 7" in text and 'value="12345"' in text
    assert 'aria-invalid="true"' in text
    response = client.post(reverse("retention:hold"), {"national_id": "", "reason": ""})
    assert "Say why the hold is needed." in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_second_hold_on_the_same_child_is_refused(world, archived):
    services.place_hold(placed_by=officer(world), child_pk=archived.child_id, reason="Sak 1")
    with pytest.raises(Exception, match="already on hold"):
        services.place_hold(placed_by=officer(world), child_pk=archived.child_id, reason="Sak 2")
