"""Applying the retention rules, and the data protection officer's legal holds.

Each case, concern and child is archived or deleted in its own transaction with its access-log
event, so a run that stops half-way has done some items wholly and the rest not at all; the next
run takes up the same run record and goes on (docs/retention.md).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.models import Case, CaseStatus, Concern, ConcernStatus
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import SHORT_TEXT, check_text
from helhet.people import nordic_id
from helhet.people.models import Child
from helhet.retention import rules
from helhet.retention.models import DeletionPermit, LegalHold, RetentionRun
from helhet.retention.purge import purge
from helhet.tenancy.models import Municipality

ROLE = "retention"
OFFICER = "data protection officer"
KINDS = ("cases_archived", "cases_deleted", "concerns_deleted", "children_deleted")


def apply_rules(
    municipality: Municipality,
    *,
    now: datetime.datetime | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> RetentionRun:
    """Archive and delete what the rules make due in ``municipality``; resumes its unfinished
    run if there is one. Returns the finished run."""
    now = now or clock.now()
    run = (
        RetentionRun.objects.filter(municipality=municipality, finished_at__isnull=True)
        .order_by("pk")
        .first()
    ) or RetentionRun.objects.create(municipality=municipality, started_at=now, done={})
    due = rules.due(municipality, now=now)
    steps = (
        ("cases_archived", due.cases_to_archive, _archive_case),
        ("cases_deleted", due.cases_to_delete, _delete_case),
        ("concerns_deleted", due.concerns_to_delete, _delete_concern),
        ("children_deleted", due.children_to_delete, _delete_child),
    )
    for kind, ids, step in steps:
        for pk in ids:
            step(run, municipality, pk, now)
            if progress:
                progress(kind, pk)
    with transaction.atomic():
        run = RetentionRun.objects.select_for_update().get(pk=run.pk)
        run.finished_at = clock.now()
        run.save(update_fields=["finished_at"])
        counts = " ".join(f"{kind}={len(run.done.get(kind, []))}" for kind in KINDS)
        _event(run, "retention.run", municipality, run, purpose=counts)
    return run


def _note(run: RetentionRun, kind: str, pk: int, rows: Counter | None = None) -> None:
    """Record one item in the run, in the item's own transaction."""
    locked = RetentionRun.objects.select_for_update().get(pk=run.pk)
    done = locked.done
    done.setdefault(kind, []).append(pk)
    for label, n in (rows or {}).items():
        done.setdefault("rows", {})[label] = done.get("rows", {}).get(label, 0) + n
    locked.save(update_fields=["done"])
    run.done = done


def _held(child_id: int) -> bool:
    return LegalHold.objects.filter(child_id=child_id, lifted_at__isnull=True).exists()


def _event(run, action: str, municipality, obj, *, child_id=None, case_id=None, purpose=None):
    """One event of the run (no actor: the rules did it), in the item's transaction."""
    audit_record(
        actor=None,
        action=action,
        actor_role=ROLE,
        purpose=purpose or f"retention run {run.pk}",
        municipality_id=municipality.pk,
        child_id=child_id,
        case_id=case_id,
        obj=obj,
    )


def officer_record(actor, officer, action: str, *, child_id=None, case_id=None, obj=None):
    """One event of the data protection officer's (a read of the archive, a hold), in the
    transaction of what it records."""
    audit_record(
        actor=actor,
        action=action,
        actor_role=OFFICER,
        municipality_id=officer.municipality_id,
        child_id=child_id,
        case_id=case_id,
        obj=obj,
    )


def _purge_with_permit(run, model, pk: int) -> Counter:
    rows: Counter = Counter()
    permit = DeletionPermit.objects.create(run=run)
    purge(model, [pk], rows)
    permit.delete()
    return rows


def _closed_case(pk: int, municipality, *, before: datetime.datetime) -> Case | None:
    """The case, locked, if it is still closed long enough and its child not held."""
    case = (
        Case.objects.select_for_update()
        .filter(pk=pk, municipality=municipality, status=CaseStatus.CLOSED, closed_at__lte=before)
        .first()
    )
    if case is None or _held(case.child_id):
        return None
    return case


def _archive_case(run, municipality, pk: int, now) -> None:
    before = now - datetime.timedelta(days=municipality.case_archive_days)
    with transaction.atomic():
        case = _closed_case(pk, municipality, before=before)
        if case is None or case.archived_at is not None:
            return
        Case.objects.filter(pk=pk).update(archived_at=clock.now())
        _event(
            run, "retention.case_archive", municipality, case, child_id=case.child_id, case_id=pk
        )
        _note(run, "cases_archived", pk)


def _delete_case(run, municipality, pk: int, now) -> None:
    before = now - datetime.timedelta(days=municipality.case_deletion_days)
    with transaction.atomic():
        case = _closed_case(pk, municipality, before=before)
        if case is None:
            return
        rows = _purge_with_permit(run, Case, pk)
        _event(run, "retention.case_delete", municipality, case, child_id=case.child_id, case_id=pk)
        _note(run, "cases_deleted", pk, rows)


def _delete_concern(run, municipality, pk: int, now) -> None:
    before = now - datetime.timedelta(days=municipality.concern_retention_days)
    with transaction.atomic():
        concern = (
            Concern.objects.select_for_update()
            .filter(
                pk=pk,
                municipality=municipality,
                status=ConcernStatus.CLOSED,
                case__isnull=True,
                decided_at__lte=before,
            )
            .first()
        )
        if concern is None or _held(concern.child_id):
            return
        rows = _purge_with_permit(run, Concern, pk)
        _event(run, "retention.concern_delete", municipality, concern, child_id=concern.child_id)
        _note(run, "concerns_deleted", pk, rows)


def _delete_child(run, municipality, pk: int, now) -> None:
    with transaction.atomic():
        child = Child.objects.select_for_update().filter(pk=pk, municipality=municipality).first()
        # Asked again with the row locked: a concern written about the child meanwhile keeps it.
        if child is None or not rules.left_without_anything(municipality, child_pk=pk, now=now):
            return
        rows = _purge_with_permit(run, Child, pk)
        _event(run, "retention.child_delete", municipality, child, child_id=pk)
        _note(run, "children_deleted", pk, rows)


# --- legal holds ------------------------------------------------------------------------------


def place_hold(
    *, placed_by, reason: str, child_pk: int | None = None, national_id: str = ""
) -> LegalHold:
    """Stop archiving and deletion for one child of the officer's municipality, found by id (from
    the archive) or by identity number."""
    officer = policy.archive_keeper_or_404(placed_by)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the hold is needed."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    children = Child.objects.filter(municipality_id=officer.municipality_id)
    if child_pk is not None:
        child = children.filter(pk=child_pk).first()
        if child is None:  # a button of the archive: forbidden and missing look the same
            raise Http404
    else:
        try:
            number = nordic_id.parse(national_id, officer.municipality.country).number
        except ValidationError as exc:
            raise DomainError(" ".join(exc.messages), field="national_id") from None
        child = children.filter(national_id=number).first()
    if child is None:
        raise DomainError(
            _("No child or young person with that identity number in the municipality."),
            field="national_id",
        )
    with transaction.atomic():
        Child.objects.select_for_update().filter(pk=child.pk).first()
        if _held(child.pk):
            raise DomainError(_("This child is already on hold."), field="national_id")
        hold = LegalHold.objects.create(
            municipality_id=officer.municipality_id,
            child=child,
            reason=reason,
            placed_by=officer,
            placed_at=clock.now(),
        )
        officer_record(placed_by, officer, "retention.hold_place", child_id=child.pk, obj=hold)
    return hold


def lift_hold(*, lifted_by, hold_pk: int) -> LegalHold:
    officer = policy.archive_keeper_or_404(lifted_by)
    with transaction.atomic():
        hold = policy.get_active_hold_or_404(lifted_by, hold_pk, for_update=True)
        hold.lifted_by = officer
        hold.lifted_at = clock.now()
        hold.save(update_fields=["lifted_by", "lifted_at"])
        officer_record(lifted_by, officer, "retention.hold_lift", child_id=hold.child_id, obj=hold)
    return hold
