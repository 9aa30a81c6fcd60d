"""The register of young people the municipality must follow up: those who left upper
secondary school or never started (Norway's follow-up service for 16–21-year-olds, Sweden's
municipal activity responsibility). Kept by the municipality's follow-up service; each young
person has a status with its history, a counsellor, and the contacts made."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhet.directory.models import Service
from helhet.people.models import Child, Professional


class FollowUpReason(models.TextChoices):
    LEFT = "left", _("Left upper secondary school")
    NEVER_STARTED = "never_started", _("Never started upper secondary school")


class FollowUpStatus(models.TextChoices):
    NOT_REACHED = "not_reached", _("Not reached")
    IN_CONTACT = "in_contact", _("In contact")
    IN_MEASURE = "in_measure", _("In a measure")
    IN_EDUCATION = "in_education", _("Back in education")
    IN_WORK = "in_work", _("In work")
    MOVED = "moved", _("Moved away")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Message or letter")
    MEETING = "meeting", _("Meeting")
    HOME_VISIT = "home_visit", _("Home visit")


class MeasureKind(models.TextChoices):
    SCHOOL_PLACE = "school_place", _("A place in upper secondary school")
    APPRENTICESHIP = "apprenticeship", _("An apprenticeship or training place")
    COURSE = "course", _("A course or adult education")
    WORK_PRACTICE = "work_practice", _("Work practice")
    EMPLOYMENT = "employment", _("A measure of the labour and welfare service")
    HEALTH = "health", _("Health or mental health help")
    OTHER = "other", pgettext_lazy("measure", "Other")


class MeasureOutcome(models.TextChoices):
    OFFERED = "offered", pgettext_lazy("measure outcome", "Offered")
    STARTED = "started", pgettext_lazy("measure outcome", "Started")
    DECLINED = "declined", pgettext_lazy("measure outcome", "Declined")
    ENDED = "ended", pgettext_lazy("measure outcome", "Ended")


class FollowUp(models.Model):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("service")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("young person")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=FollowUpReason.choices)
    since = models.DateField(_("outside school since"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.NOT_REACHED,
    )
    status_since = models.DateField(_("status since"))
    counsellor = models.ForeignKey(
        Professional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("counsellor"),
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["service", "child"], name="follow_up_once_per_service")
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.pk}"


class FollowUpStatusChange(models.Model):
    """Every status a young person had, from when: the counts at a date read it."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=FollowUpStatus.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["follow_up", "changed_on", "pk"]
        indexes = [models.Index(fields=["follow_up", "changed_on"], name="follow_up_history")]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.status} {self.changed_on}"


class FollowUpContact(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"))
    kind = models.CharField(_("how"), max_length=20, choices=ContactKind.choices)
    reached = models.BooleanField(_("reached the young person"), default=False)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.kind} {self.on}"


class FollowUpMeasure(models.Model):
    """A measure offered to the young person, and what came of it."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("measure"), max_length=20, choices=MeasureKind.choices)
    offered_on = models.DateField(_("offered on"))
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=MeasureOutcome.choices, default=MeasureOutcome.OFFERED
    )
    outcome_on = models.DateField(_("outcome from"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-offered_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.kind} {self.outcome}"
