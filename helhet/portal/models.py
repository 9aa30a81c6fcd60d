"""The family and youth portal: what citizens add to a case (docs/permissions.md, "The portal").

A citizen is not a ``User``: a guardian or a young person logs in with national e-ID and is
matched by identity number to ``NetworkPerson`` rows (guardians) or a ``Child`` row (the young
person) at each request (``helhet.access.policy.portal``). What they write is kept here.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import Case, CitizenRole, Concern, LogEntry
from helhet.core.text import LINE, LONG_TEXT, NAME, PHONE
from helhet.directory.models import Service
from helhet.people.models import Child, NetworkPerson
from helhet.plans.models import Meeting
from helhet.tenancy.models import Municipality


class GuardianSharing(models.Model):
    """What a young person at or above the consent age lets their guardians see (rule 10).

    No row, or every section off: the guardians see nothing of the case in the portal.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="guardian_sharing")
    overview = models.BooleanField(_("who is on the team and what happens next"), default=False)
    plan = models.BooleanField(_("the plan"), default=False)
    meetings = models.BooleanField(_("meetings and minutes"), default=False)
    log = models.BooleanField(_("the log"), default=False)
    decided_at = models.DateTimeField()

    class Meta:
        verbose_name = _("what the young person shares with the guardians")
        verbose_name_plural = _("what young people share with their guardians")

    def __str__(self) -> str:
        return f"Sharing {self.case_id}"


class FamilyInput(models.Model):
    """What matters to the young person or the family before a meeting or an evaluation."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="family_inputs")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="family_inputs"
    )
    role = models.CharField(_("from"), max_length=20, choices=CitizenRole.choices)
    network_person = models.ForeignKey(
        NetworkPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what_matters = models.TextField(_("what matters to me"), max_length=LONG_TEXT)
    scale = models.PositiveSmallIntegerField(
        _("how things are going (0–10)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    submitted_at = models.DateTimeField()
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("what matters to the family")
        verbose_name_plural = _("what matters to the family")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale__isnull=True) | models.Q(scale__lte=10),
                name="family_input_scale_0_10",
            )
        ]

    def __str__(self) -> str:
        return f"Family input {self.pk}"


class ContactWay(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Here in the portal")


class HelpRequest(models.Model):
    """A family's written request for help (Iceland's written request for integrated services).

    It arrives as a ``Concern`` to decide at the service the family chose, or at the
    municipality's front door, with the usual decision deadline.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("asked by"), max_length=20, choices=CitizenRole.choices)
    # Who asked: the keyed hash of their identity number, so "my requests" can be listed
    # without storing the number again.
    requester_key = models.CharField(max_length=64, db_index=True)
    requester_name = models.CharField(_("your name"), max_length=NAME)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    need = models.TextField(_("what do you need help with"), max_length=LONG_TEXT)
    wished_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service you would like"),
    )
    contact_way = models.CharField(
        _("how should we contact you"), max_length=10, choices=ContactWay.choices
    )
    phone = models.CharField(_("phone"), max_length=PHONE, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    best_time = models.CharField(_("when is a good time"), max_length=LINE, blank=True)
    submitted_at = models.DateTimeField()
    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="help_request")

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"Help request {self.pk}"


class PortalVisit(models.Model):
    """When a citizen last looked at a case, for "what is new since your last visit"."""

    citizen_key = models.CharField(max_length=64)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["citizen_key", "case"], name="portal_visit_once")
        ]

    def __str__(self) -> str:
        return f"Visit {self.case_id}"


class FamilyNotification(models.Model):
    """The last "there is news in your case" e-mail to a guardian, so news is sent once."""

    network_person = models.OneToOneField(NetworkPerson, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Notified {self.network_person_id}"
