"""Consent and lawful bases: which services may take part in a case, and why."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
    recorded_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
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
