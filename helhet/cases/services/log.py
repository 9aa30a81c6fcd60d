"""The relay log: append-only. A correction is a new entry that refers to the one it corrects."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from helhet.cases.models import Case, LogEntry, LogKind
from helhet.cases.services.common import audit_case, lock_case, log, professional_or_error
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, RECORD, check_text

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
