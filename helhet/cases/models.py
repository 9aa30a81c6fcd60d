"""The relay: a concern, the case it may become, its team, coordinator, handovers and log."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from helhet.core.text import (
    BIDI_CONTROLS,
    LINE,
    LOG_STORED,
    LONG_TEXT,
    RECORD,
    ROLE,
    SHORT_TEXT,
)
from helhet.directory.models import Service
from helhet.people.models import Child, NetworkPerson, Professional
from helhet.tenancy.models import Level, Municipality


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("Awaiting decision")
    CLOSED = "closed", _("Closed – no further action")
    OWN_SERVICE = "own_service", _("Followed up within own service")
    COLLABORATION = "collaboration", _("Collaboration started")
    REPORTED = "reported", _("Reported to child welfare")


class Concern(models.Model):
    """A low-threshold signal (level 0). Until consent, only its author and leaders see it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("child")
    )
    # Empty for a family's help request from the portal (see helhet.portal.HelpRequest).
    registered_by = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_registered",
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("service")
    )
    registered_at = models.DateTimeField(_("registered"))
    observation = models.TextField(_("what you observe"), max_length=LONG_TEXT)
    strengths = models.TextField(_("what is working well"), max_length=LONG_TEXT)
    child_voice = models.TextField(
        _("what the child says, in their own words"), max_length=LONG_TEXT, blank=True
    )
    child_not_asked_reason = models.TextField(
        _("why the child was not asked"), max_length=SHORT_TEXT, blank=True
    )
    worry = models.PositiveSmallIntegerField(
        _("how worried are you (0–10)"), validators=[MaxValueValidator(10)]
    )
    decision_due = models.DateField(_("decide by"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    decided_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("reason"), max_length=SHORT_TEXT, blank=True)
    report_content = models.TextField(
        _("what was reported to child welfare"), max_length=RECORD, blank=True
    )
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, null=True, blank=True, related_name="concerns"
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["decision_due", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(worry__lte=10), name="concern_worry_0_10"),
            models.CheckConstraint(
                condition=~models.Q(child_voice="", child_not_asked_reason="")
                | models.Q(registered_by__isnull=True),
                name="concern_child_voice_or_reason",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status", "decision_due"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """The coordinated follow-up of one child, with exactly one accountable coordinator."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="cases")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name=_("level"))
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    coordinator = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_cases",
        verbose_name=_("coordinator"),
    )
    coordinator_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The service whose concern started the case: until any consent is recorded, it is the only
    # one that may see the case (domain rule 2, as for the concern itself).
    origin_service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    # Guardians who take part in the collaboration: those who gave consent for it.
    guardians = models.ManyToManyField(
        NetworkPerson, blank=True, related_name="cases", verbose_name=_("guardians taking part")
    )
    young_person_participates = models.BooleanField(_("the young person takes part"), default=True)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for closing"), max_length=SHORT_TEXT, blank=True)
    # Set by the retention run (helhet.retention): from then on read-only, and only the data
    # protection officer sees it, until it is deleted.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Bumped by every change; forms carry it so a stale form is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            # Rule 1: an open case always has its (single) coordinator.
            models.CheckConstraint(
                condition=models.Q(status="closed")
                | models.Q(coordinator__isnull=False, coordinator_service__isnull=False),
                name="case_open_has_coordinator",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"])]

    def __str__(self) -> str:
        return f"Case {self.pk}"


class TeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    professional = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="team_memberships"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    role_in_case = models.CharField(_("role in the case"), max_length=ROLE, blank=True)
    joined_at = models.DateTimeField(_("joined"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    left_reason = models.CharField(_("why they left"), max_length=LINE, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "professional"],
                condition=models.Q(left_at__isnull=True),
                name="team_member_once_active",
            )
        ]
        indexes = [models.Index(fields=["professional", "left_at"])]

    def __str__(self) -> str:
        return f"{self.professional} ({self.service})"


class HandoverStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for answer")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class Handover(models.Model):
    """Passing the baton: pending until the receiver accepts; the old coordinator stays."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    proposed_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    from_professional = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    to_professional = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        related_name="handovers_received",
        verbose_name=_("new coordinator"),
    )
    to_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("their service")
    )
    reason = models.TextField(_("why"), max_length=SHORT_TEXT, blank=True)
    status = models.CharField(
        max_length=10, choices=HandoverStatus.choices, default=HandoverStatus.PENDING
    )
    proposed_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_note = models.TextField(_("note"), max_length=SHORT_TEXT, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="handover_one_pending_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"Handover {self.pk}"


class CitizenRole(models.TextChoices):
    """Who acts in the portal: a guardian, or the young person themselves."""

    GUARDIAN = "guardian", _("Guardian")
    YOUNG_PERSON = "young_person", _("The young person")


class LogKind(models.TextChoices):
    NOTE = "note", _("Note")
    MEETING = "meeting", _("Meeting summary")
    PLAN = "plan", _("Plan change")
    EVALUATION = "evaluation", _("Evaluation")
    DECISION = "decision", _("Decision")
    LEVEL_CHANGE = "level_change", _("Level change")
    TEAM_CHANGE = "team_change", _("Team change")
    HANDOVER = "handover", _("Handover")
    CONSENT = "consent", _("Consent change")
    LAWFUL_BASIS = "lawful_basis", _("Sharing without consent")
    CLOSING = "closing", _("Closing")
    CORRECTION = "correction", _("Correction")
    FAMILY_VOICE = "family_voice", _("What matters to the family")


def bounded_clean_text(field: str, limit: int) -> models.Q:
    """A check that ``field`` is at most ``limit`` characters and holds no bidi controls: the
    database's own guard of the log, which is kept forever (see helhet.core.text)."""
    condition = models.Q(LessThanOrEqual(Length(field), limit))
    for char in BIDI_CONTROLS:
        condition &= ~models.Q(**{f"{field}__contains": char})
    return condition


class LogEntry(models.Model):
    """The relay log: append-only; a correction is a new entry that refers to the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="log")
    kind = models.CharField(_("kind"), max_length=20, choices=LogKind.choices)
    # A professional and their service, or (from the portal) nobody and the family's role.
    author = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    citizen_role = models.CharField(
        _("from the family"), max_length=20, choices=CitizenRole.choices, blank=True
    )
    created_at = models.DateTimeField(_("time"))
    text = models.TextField(_("text"), max_length=LOG_STORED)
    # What the system wrote, as its message and values, read in the reader's language
    # (helhet.cases.log_text); empty for what a person wrote, which is shown as written.
    message = models.JSONField(null=True, blank=True, editable=False)
    strengths = models.TextField(_("what is working well"), max_length=LONG_TEXT, blank=True)
    worries = models.TextField(_("what we are worried about"), max_length=LONG_TEXT, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=bounded_clean_text("text", LOG_STORED), name="log_entry_text_bounded"
            ),
            models.CheckConstraint(
                condition=bounded_clean_text("strengths", LONG_TEXT),
                name="log_entry_strengths_bounded",
            ),
            models.CheckConstraint(
                condition=bounded_clean_text("worries", LONG_TEXT),
                name="log_entry_worries_bounded",
            ),
            models.CheckConstraint(
                condition=models.Q(author__isnull=False, service__isnull=False)
                | (
                    models.Q(author__isnull=True, service__isnull=True) & ~models.Q(citizen_role="")
                ),
                name="log_entry_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def display_text(self) -> str:
        """The entry in the reader's language where the system wrote it; else as written."""
        from helhet.cases.log_text import display

        return display(self.message, self.text)


class LogWithholding(models.Model):
    """The coordinator withholds one log entry from the guardians, with a stated reason.

    The log itself stays append-only: the withholding is its own row, shown to the team.
    """

    entry = models.OneToOneField("LogEntry", on_delete=models.PROTECT, related_name="withholding")
    reason = models.TextField(_("why the guardians may not read it"), max_length=SHORT_TEXT)
    withheld_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    withheld_at = models.DateTimeField()

    class Meta:
        verbose_name = _("log entry withheld from the guardians")
        verbose_name_plural = _("log entries withheld from the guardians")

    def __str__(self) -> str:
        return f"Withheld {self.entry_id}"
