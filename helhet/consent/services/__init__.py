"""Writes for consent and lawful bases: recorded by professionals (``consents``), proposed to
and answered by the family in the portal (``proposals``, ``family``)."""

from helhet.consent.services.consents import (
    check_consent,
    consent_record,
    consent_withdraw,
    create_consent,
    guardians_consent_ends,
    lawful_basis_record,
    required_consenters,
)

__all__ = [
    "check_consent",
    "consent_record",
    "consent_withdraw",
    "create_consent",
    "guardians_consent_ends",
    "lawful_basis_record",
    "required_consenters",
]
