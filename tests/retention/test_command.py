"""``helhet retention``: the dry run lists ids and changes nothing, the run applies the rules and
says what it did, a stopped run says how to resume; and the rules are set, with validation, in
the jurisdiction profile."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from helhet.administration import services as administration_services
from helhet.cases import services as case_services
from helhet.cases.models import Case, Concern
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.retention import services
from helhet.retention.models import RetentionRun
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    concern = world.concern()
    concern = case_services.concern_decide(
        concern=concern, decided_by=world.teacher.user, decision="closed", note="Ingen uro."
    )
    Concern.objects.filter(pk=concern.pk).update(
        decided_at=clock.now() - datetime.timedelta(days=400)
    )
    world.old_concern = concern
    world.child.created_at = clock.now() - datetime.timedelta(days=401)
    world.child.save(update_fields=["created_at"])
    return world


def test_the_dry_run_lists_the_ids_and_changes_nothing(world, capsys):
    call_command("retention", "--dry-run", "--municipality", str(world.municipality.pk))
    out = capsys.readouterr().out
    assert f"concerns deleted 1: {world.old_concern.pk}" in out
    assert f"children deleted 1: {world.child.pk}" in out
    assert "cases archived 0: -" in out
    assert Concern.objects.filter(pk=world.old_concern.pk).exists()
    assert not RetentionRun.objects.exists()


def test_the_run_applies_the_rules_and_says_what_it_did(world, capsys):
    call_command("retention", "--municipality", str(world.municipality.pk))
    out = capsys.readouterr().out
    run = RetentionRun.objects.get()
    assert f"run {run.pk}: cases archived 0, cases deleted 0, concerns deleted 1" in out
    assert not Concern.objects.filter(pk=world.old_concern.pk).exists()


def test_a_stopped_run_says_so_and_how_to_resume(world, monkeypatch):
    def lost(*args, **kwargs):
        raise ConnectionError("the database went away")

    monkeypatch.setattr(services, "_delete_concern", lost)
    with pytest.raises(CommandError, match="run it again to resume"):
        call_command("retention", "--municipality", str(world.municipality.pk))
    assert RetentionRun.objects.get().finished_at is None


def test_an_unknown_municipality_is_refused():
    with pytest.raises(CommandError, match="No municipality with id 999999"):
        call_command("retention", "--municipality", "999999")


def test_the_rules_are_set_in_the_profile_and_a_case_is_kept_longer_than_archived(world):
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.save()
    admin = world.head_teacher.user
    change = administration_services.profile_update(
        changed_by=admin, values={"case_archive_days": 30, "case_deletion_days": 3650}
    )
    assert change.changes == {"case_archive_days": [90, 30], "case_deletion_days": [1825, 3650]}
    with pytest.raises(DomainError, match="kept longer than until it is archived"):
        administration_services.profile_update(
            changed_by=admin, values={"case_archive_days": 400, "case_deletion_days": 300}
        )
    with pytest.raises(DomainError, match="greater than or equal to 30"):
        administration_services.profile_update(
            changed_by=admin, values={"concern_retention_days": 7}
        )
    world.municipality.refresh_from_db()
    assert (world.municipality.case_archive_days, world.municipality.case_deletion_days) == (
        30,
        3650,
    )
    assert Case.objects.count() == 0
