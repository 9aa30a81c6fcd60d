"""Small shared steps of the relay services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helhet.audit.services import audit_record
from helhet.cases.log_text import LogLines, LogText
from helhet.cases.models import Case, CaseStatus, LogEntry
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LOG_STORED, LONG_TEXT, check_text
from helhet.people.models import Professional


def professional_or_error(actor) -> Professional:
    from helhet.access.policy import actor_professional

    professional = actor_professional(actor)
    if professional is None:
        raise DomainError(_("Only professionals can do this."))
    return professional


def lock_case(case: Case, *, expected_version: int | None = None) -> Case:
    """Lock the case row for this transaction; refuse a stale form or a closed case."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(
            _(
                "Someone else changed the case while you were working on it. Nothing was saved; "
                "reload the page to see the change and try again."
            )
        )
    if locked.status != CaseStatus.OPEN:
        raise DomainError(_("The case is closed."))
    return locked


def bump(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    case.version += 1


def acting_service_id(professional: Professional, case: Case) -> int:
    """The service the professional acts for in this case (their team membership)."""
    member = case.team.filter(professional=professional, left_at__isnull=True).first()
    if member is not None:
        return member.service_id
    first = professional.memberships.order_by("pk").first()
    return first.service_id if first else case.coordinator_service_id


def log(
    case: Case,
    *,
    kind: str,
    author: Professional,
    text: str | LogText | LogLines,
    flagged: bool = False,
    strengths: str = "",
    worries: str = "",
    corrects: LogEntry | None = None,
) -> LogEntry:
    """Append an entry to the case's log. Its texts are checked once more here, since the
    system composes entries from what people wrote and from names (the database refuses them
    too: see ``LogEntry``'s constraints)."""
    text, message = _stored(case, text)
    check_text(text, limit=LOG_STORED)
    check_text(strengths, limit=LONG_TEXT, field="strengths")
    check_text(worries, limit=LONG_TEXT, field="worries")
    return LogEntry.objects.create(
        case=case,
        kind=kind,
        author=author,
        service_id=acting_service_id(author, case),
        created_at=clock.now(),
        text=text,
        message=message,
        strengths=strengths,
        worries=worries,
        flagged=flagged,
        corrects=corrects,
    )


def _stored(case: Case, text: str | LogText | LogLines) -> tuple[str, dict | None]:
    """A system message is kept as such, and as a sentence in the municipality's language."""
    if isinstance(text, LogText | LogLines):
        return text.render(case.municipality.default_language), text.as_stored()
    return text, None


def citizen_log(case: Case, *, role: str, kind: str, text: str | LogText | LogLines) -> LogEntry:
    """Append what the family did or wrote in the portal to the case's log (no professional
    author; ``citizen_role`` says who)."""
    text, message = _stored(case, text)
    check_text(text, limit=LOG_STORED)
    return LogEntry.objects.create(
        case=case,
        kind=kind,
        citizen_role=role,
        created_at=clock.now(),
        text=text,
        message=message,
    )


def audit_case(
    actor, case: Case, action: str, *, obj=None, purpose: str = "", role: str = ""
) -> None:
    professional = getattr(actor, "professional", None)
    if not role and professional is not None:
        role = "coordinator" if case.coordinator_id == professional.pk else "team member"
    audit_record(
        actor=actor,
        action=action,
        purpose=purpose,
        actor_role=role,
        municipality_id=case.municipality_id,
        service_id=acting_service_id(professional, case) if professional else None,
        child_id=case.child_id,
        case_id=case.pk,
        obj=obj or case,
    )
