"""The relay log: append-only. A correction is a new entry that refers to the one it corrects."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from helhet.cases.models import Case, LogEntry, LogKind, LogWithholding
from helhet.cases.services.common import audit_case, lock_case, log, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, RECORD, SHORT_TEXT, check_text

AUTHORED_KINDS = {LogKind.NOTE, LogKind.MEETING}


@transaction.atomic
def log_entry_add(
    *, case: Case, author, kind: str, text: str, strengths: str = "", worries: str = ""
) -> LogEntry:
    professional = professional_or_error(author)
    case = lock_case(case)
    if kind not in AUTHORED_KINDS:
        raise DomainError(_("Choose a note or a meeting summary."), field="kind")
    if not text.strip():
        raise DomainError(_("The entry is empty."), field="text")
    check_text(text, limit=RECORD, field="text")
    check_text(strengths, limit=LONG_TEXT, field="strengths")
    check_text(worries, limit=LONG_TEXT, field="worries")
    entry = log(
        case,
        kind=kind,
        author=professional,
        text=text.strip(),
        strengths=strengths.strip(),
        worries=worries.strip(),
    )
    audit_case(author, case, "log.add", obj=entry)
    return entry


@transaction.atomic
def log_entry_correct(*, entry: LogEntry, author, text: str) -> LogEntry:
    professional = professional_or_error(author)
    case = lock_case(entry.case)
    if not text.strip():
        raise DomainError(_("Write the correction."), field="text")
    check_text(text, limit=RECORD, field="text")
    correction = log(
        case, kind=LogKind.CORRECTION, author=professional, text=text.strip(), corrects=entry
    )
    audit_case(author, case, "log.correct", obj=correction)
    return correction


@transaction.atomic
def log_entry_withhold(*, entry: LogEntry, withheld_by, reason: str) -> LogWithholding:
    """The coordinator withholds one entry from the guardians in the portal (for example what a
    young person said in confidence), with a stated reason; the team sees it marked withheld.
    The entry itself is not changed (the log is append-only)."""
    professional = professional_or_error(withheld_by)
    case = lock_case(entry.case)
    if case.coordinator_id != professional.pk:
        raise DomainError(_("Only the coordinator can withhold an entry from the guardians."))
    if not reason.strip():
        raise DomainError(_("Say why the guardians may not read this entry."), field="reason")
    check_text(reason, limit=SHORT_TEXT, field="reason")
    if LogWithholding.objects.filter(entry=entry).exists():
        raise DomainError(_("This entry is already withheld from the guardians."))
    withholding = LogWithholding.objects.create(
        entry=entry, reason=reason.strip(), withheld_by=professional, withheld_at=clock.now()
    )
    audit_case(withheld_by, case, "log.withhold", obj=entry)
    return withholding
