"""Consent and lawful bases: which services may take part in a case, and why."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import CitizenRole
from helhet.core.text import LONG_TEXT, SHORT_TEXT, TEXT
from helhet.directory.models import Service
from helhet.people.models import NetworkPerson, Professional
from helhet.tenancy.models import Municipality


class GivenBy(models.TextChoices):
    GUARDIANS = "guardians", _("Guardian(s)")
    YOUNG_PERSON = "young_person", _("The young person")
    BOTH = "both", _("The young person and the guardian(s)")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("Signed form")
    DIGITAL = "digital", _("Digitally")
    ORAL = "oral", _("Orally")


class Consent(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    given_by = models.CharField(_("who consented"), max_length=20, choices=GivenBy.choices)
    guardians = models.ManyToManyField(
        NetworkPerson, blank=True, related_name="consents", verbose_name=_("guardians")
    )
    services = models.ManyToManyField(
        Service, related_name="consents", verbose_name=_("services covered")
    )
    purpose = models.TextField(_("purpose"), max_length=TEXT)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices)
    method_note = models.TextField(_("note"), max_length=SHORT_TEXT, blank=True)
    # Empty when the family gave it themselves in the portal (method "digital").
    recorded_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField()
    assurance_level = models.CharField(
        _("level of assurance of the e-ID login"), max_length=60, blank=True
    )
    # A withdrawal for one of several services ends this consent and continues the rest in a
    # new one that points back here.
    continues = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_by_role = models.CharField(_("withdrawn in the portal by"), max_length=20, blank=True)
    withdrawal_note = models.TextField(_("note on withdrawal"), max_length=SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="consent_valid_range",
            )
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk}"

    def is_active_on(self, day) -> bool:
        """Covers its services on ``day`` (the policy's SQL asks the same)."""
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )


class LawfulBasisKind(models.TextChoices):
    DUTY_TO_INFORM = "duty_to_inform_child_welfare", _("Duty to inform child welfare")
    AVERT_SERIOUS_HARM = "avert_serious_harm", _("Duty to avert serious harm")


class LawfulBasis(models.Model):
    """Sharing without consent, on an explicit legal ground with a written justification."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="lawful_bases")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("lawful basis"), max_length=40, choices=LawfulBasisKind.choices)
    services = models.ManyToManyField(Service, related_name="+", verbose_name=_("services"))
    justification = models.TextField(_("justification"), max_length=LONG_TEXT)
    recorded_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lawful basis")
        verbose_name_plural = _("lawful bases")

    def __str__(self) -> str:
        return self.get_kind_display()


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for your answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class ConsentProposal(models.Model):
    """The coordinator asks the family, in the portal, to consent to more services."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="consent_proposals"
    )
    services = models.ManyToManyField(Service, related_name="+", verbose_name=_("services"))
    # Who joins the team once the family says yes (each works in one of the services).
    professionals = models.ManyToManyField(
        Professional, blank=True, related_name="+", verbose_name=_("who would join the team")
    )
    purpose = models.TextField(_("purpose"), max_length=TEXT)
    proposed_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by_role = models.CharField(max_length=20, choices=CitizenRole.choices, blank=True)
    consent = models.OneToOneField(
        Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent proposal")
        verbose_name_plural = _("consent proposals")
        ordering = ["-proposed_at", "-pk"]

    def __str__(self) -> str:
        return f"Proposal {self.pk}"
