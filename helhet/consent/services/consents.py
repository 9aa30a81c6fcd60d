"""Consent and lawful bases. Withdrawal takes effect at once: access is computed from active
consent on every request (see the access policy), so no service keeps access after it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText, choice
from helhet.cases.models import Case, LogKind
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.consent.models import Consent, ConsentMethod, GivenBy, LawfulBasis, LawfulBasisKind
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, SHORT_TEXT, TEXT, check_text
from helhet.directory.models import Service
from helhet.people.models import NetworkPerson, Professional
from helhet.reminders.services import tasks_refresh


def required_consenters(case: Case, on: datetime.date | None = None) -> set[str]:
    """Who must consent, by the municipality's consent age (domain rule 4).

    Below the consent age the guardians; from it the young person; between the consent age and
    ``joint_consent_until_age`` (where the municipality sets one) both.
    """
    municipality = case.municipality
    age = clock.age_on(case.child.date_of_birth, on)
    if age < municipality.consent_age:
        return {GivenBy.GUARDIANS}
    joint_until = municipality.joint_consent_until_age
    if joint_until and age < joint_until:
        return {GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON}
    return {GivenBy.YOUNG_PERSON}


def _given(given_by: str) -> set[str]:
    if given_by == GivenBy.BOTH:
        return {GivenBy.GUARDIANS, GivenBy.YOUNG_PERSON}
    return {given_by}


def accepted_consenters(case: Case, on: datetime.date | None = None) -> list[str]:
    """Who may be recorded as having consented (``GivenBy`` values, in their order): everyone
    who must consent, and the young person only from the consent age — below it their own
    consent does not count (domain rule 4), so "both" is not offered either. ``check_consent``
    refuses the others; the consent form offers only these.

    Example: a 12-year-old with consent age 15 → ``["guardians"]``; a 16-year-old →
    ``["young_person", "both"]``.
    """
    required = required_consenters(case, on)
    return [
        value
        for value in GivenBy.values
        if required <= _given(value)
        and (GivenBy.YOUNG_PERSON in required or GivenBy.YOUNG_PERSON not in _given(value))
    ]


def guardians_consent_ends(case: Case) -> datetime.date | None:
    """The last day a consent that only the guardians gave covers the case (domain rule 4):
    ``guardian_consent_grace_days`` after the young person's birthday at the consent age."""
    municipality = case.municipality
    birthday = clock.birthday_at(case.child.date_of_birth, municipality.consent_age)
    return birthday + datetime.timedelta(days=municipality.guardian_consent_grace_days)


def check_consent(
    case: Case,
    *,
    given_by: str,
    services: list[Service],
    purpose: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    method: str,
    method_note: str,
    guardians: list[NetworkPerson],
) -> None:
    """The rules of a consent, whichever door records it (a professional, or the family in the
    portal)."""
    today = clock.today()
    if not services:
        raise DomainError(_("Choose at least one service the consent covers."), field="services")
    if any(s.municipality_id != case.municipality_id for s in services):
        raise DomainError(_("Choose services of the municipality."), field="services")
    if valid_from > today:
        raise DomainError(_("Consent cannot be recorded before it is given."), field="valid_from")
    if valid_until is not None and valid_until < max(valid_from, today):
        raise DomainError(_("The end date must be today or later."), field="valid_until")
    if not purpose.strip():
        raise DomainError(_("State the purpose of sharing."), field="purpose")
    check_text(purpose, limit=TEXT, field="purpose")
    check_text(method_note, limit=SHORT_TEXT, field="method_note")
    if method == "oral" and not method_note.strip():
        raise DomainError(
            _("Write down how and when the oral consent was given."), field="method_note"
        )
    required = required_consenters(case, today)
    missing = required - _given(given_by)
    if GivenBy.GUARDIANS in missing:
        raise DomainError(_("At the child's age the guardians must consent."), field="given_by")
    if GivenBy.YOUNG_PERSON in missing:
        raise DomainError(
            _("At this age the young person must consent themselves."), field="given_by"
        )
    if GivenBy.YOUNG_PERSON in _given(given_by) and GivenBy.YOUNG_PERSON not in required:
        # Below the consent age a consent "by both" would outlive the guardians' consent
        # (which ends after the consent age) without the young person's own consent.
        raise DomainError(
            _(
                "Below the consent age the young person cannot consent themselves; record the "
                "guardians' consent."
            ),
            field="given_by",
        )
    if GivenBy.GUARDIANS in _given(given_by):
        if not guardians:
            raise DomainError(_("Name the guardian(s) who consented."), field="guardians")
        if any(g.child_id != case.child_id or not g.has_parental_responsibility for g in guardians):
            raise DomainError(
                _("Only the child's guardians with parental responsibility can consent."),
                field="guardians",
            )


def create_consent(
    case: Case,
    *,
    given_by: str,
    services: list[Service],
    purpose: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    method: str,
    method_note: str = "",
    guardians: list[NetworkPerson] = (),
    recorded_by: Professional | None = None,
    assurance_level: str = "",
    continues: Consent | None = None,
) -> Consent:
    """Write a checked consent (the case is locked by the caller). A consent the guardians gave
    alone ends after the young person reaches the consent age (``guardians_consent_ends``)."""
    if given_by == GivenBy.GUARDIANS:
        ends = guardians_consent_ends(case)
        if ends >= valid_from and (valid_until is None or valid_until > ends):
            valid_until = ends
    consent = Consent.objects.create(
        case=case,
        municipality_id=case.municipality_id,
        given_by=given_by,
        purpose=purpose.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        method=method,
        method_note=method_note.strip(),
        recorded_by=recorded_by,
        recorded_at=clock.now(),
        assurance_level=assurance_level,
        continues=continues,
    )
    consent.services.set(services)
    consent.guardians.set(guardians if GivenBy.GUARDIANS in _given(given_by) else [])
    if GivenBy.GUARDIANS in _given(given_by):
        case.guardians.add(*guardians)  # who consented takes part in the collaboration
    return consent


def consent_log_text(consent: Consent, services: list[Service]) -> LogText:
    return LogText(
        gettext_noop(
            "Consent recorded (%(who)s, %(method)s) for: %(services)s. Purpose: %(purpose)s"
        ),
        {
            "who": choice(GivenBy, consent.given_by),
            "method": choice(ConsentMethod, consent.method),
            "services": ", ".join(s.name for s in services),
            "purpose": consent.purpose,
        },
    )


@transaction.atomic
def consent_record(
    *,
    case: Case,
    recorded_by,
    given_by: str,
    services: list[Service],
    purpose: str,
    valid_from: datetime.date,
    method: str,
    guardians: list[NetworkPerson] = (),
    valid_until: datetime.date | None = None,
    method_note: str = "",
    expected_version: int | None = None,
) -> Consent:
    professional = professional_or_error(recorded_by)
    case = lock_case(case, expected_version=expected_version)
    details = {
        "given_by": given_by,
        "services": services,
        "purpose": purpose,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "method": method,
        "method_note": method_note,
        "guardians": list(guardians),
    }
    check_consent(case, **details)
    consent = create_consent(case, recorded_by=professional, **details)
    bump(case)
    log(case, kind=LogKind.CONSENT, author=professional, text=consent_log_text(consent, services))
    audit_case(recorded_by, case, "consent.record", obj=consent)
    tasks_refresh(case=case)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_by, note: str = "") -> Consent:
    """Withdraw at once. If the coordinator's service is no longer covered the withdrawal is
    refused until the role is handed over; if no service is covered any more, the case closes."""
    from helhet.access.policy import covered_service_ids
    from helhet.cases.services.cases import _close

    professional = professional_or_error(withdrawn_by)
    check_text(note, limit=SHORT_TEXT, field="note")
    case = lock_case(consent.case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise DomainError(_("This consent has already been withdrawn."))
    consent.withdrawn_at = clock.now()
    consent.withdrawn_by = professional
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    covered = covered_service_ids(case)  # withdrawn rows still count as "consent was given"
    services = ", ".join(s.name for s in consent.services.all())
    log(
        case,
        kind=LogKind.CONSENT,
        author=professional,
        text=LogText(
            gettext_noop("Consent withdrawn for: %(services)s. %(note)s"),
            {"services": services, "note": note.strip()},
        ),
    )
    audit_case(withdrawn_by, case, "consent.withdraw", obj=consent)
    if not covered:
        _close(
            case, professional=professional, actor=withdrawn_by, reason=_("All consent withdrawn.")
        )
        return consent
    if case.coordinator_service_id not in covered:
        # Raising rolls the whole withdrawal back: nothing is half-written.
        raise DomainError(
            _(
                "The coordinator's service would lose access to the case. Hand over the "
                "coordinator role to a service that stays covered first, then withdraw."
            )
        )
    bump(case)
    tasks_refresh(case=case)
    return consent


@transaction.atomic
def lawful_basis_record(
    *,
    case: Case,
    recorded_by,
    kind: str,
    services: list[Service],
    justification: str,
    expected_version: int | None = None,
) -> LawfulBasis:
    """Share without consent on a named legal ground, with a written justification. Flagged in
    the log for every team member and in the access log for the data protection officer."""
    professional = professional_or_error(recorded_by)
    case = lock_case(case, expected_version=expected_version)
    if kind not in LawfulBasisKind.values:
        raise DomainError(_("Choose the lawful basis."), field="kind")
    if len(justification.strip()) < 20:
        raise DomainError(
            _("Write a justification (at least a couple of sentences)."), field="justification"
        )
    check_text(justification, limit=LONG_TEXT, field="justification")
    if not services or any(s.municipality_id != case.municipality_id for s in services):
        raise DomainError(_("Choose the services to share with."), field="services")
    basis = LawfulBasis.objects.create(
        case=case,
        municipality_id=case.municipality_id,
        kind=kind,
        justification=justification.strip(),
        recorded_by=professional,
        recorded_at=clock.now(),
    )
    basis.services.set(services)
    bump(case)
    log(
        case,
        kind=LogKind.LAWFUL_BASIS,
        author=professional,
        flagged=True,
        text=LogText(
            gettext_noop(
                "Shared without consent (%(basis)s) with: %(services)s. Justification: %(why)s"
            ),
            {
                "basis": choice(LawfulBasisKind, basis.kind),
                "services": ", ".join(s.name for s in services),
                "why": basis.justification,
            },
        ),
    )
    audit_case(recorded_by, case, "lawful_basis.record", obj=basis, purpose=kind)
    return basis
