"""The coordinated plan of a case: goals (in the child's words where possible), measures of the
services, evaluations; the team's meetings; and the plan's history as dated snapshots."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import Case, LogEntry
from helhet.core.text import FREQUENCY, LINE, LONG_TEXT, RECORD, SHORT_TEXT, TEXT
from helhet.directory.models import Service
from helhet.people.models import NetworkPerson, Professional
from helhet.tenancy.models import LifeArea


class Plan(models.Model):
    """One shared plan per case, so parallel measures pull in the same direction."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField(_("created"))
    evaluation_due = models.DateField(_("next evaluation"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        indexes = [models.Index(fields=["evaluation_due"])]

    def __str__(self) -> str:
        return f"Plan {self.pk}"


class WhoseWords(models.TextChoices):
    CHILD = "child", _("The child's own words")
    FAMILY = "family", _("The family's words")
    TEAM = "team", _("The team's words")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Working on it")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("No longer a goal")


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="goals")
    life_area = models.ForeignKey(
        LifeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("life area")
    )
    text = models.TextField(_("the goal"), max_length=TEXT)
    whose_words = models.CharField(
        _("whose words"), max_length=10, choices=WhoseWords.choices, default=WhoseWords.CHILD
    )
    responsible_service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible service")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    DONE = "done", _("Completed")
    STOPPED = "stopped", _("Stopped")


# Measures in these states take up the child's and the family's time.
ONGOING_MEASURE = [MeasureStatus.PLANNED, MeasureStatus.RUNNING]


class Measure(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, related_name="measures", verbose_name=_("goal")
    )
    description = models.TextField(_("what will be done"), max_length=TEXT)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    responsible = models.ForeignKey(
        Professional,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("responsible"),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    frequency = models.CharField(_("how often"), max_length=FREQUENCY, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(ends_on__isnull=True, frequency=""),
                name="measure_has_end_or_frequency",
            ),
        ]

    def __str__(self) -> str:
        return f"Measure {self.pk}"


class ChildVoiceFields(models.Model):
    """The required section on what the child or young person says, or why they were not asked."""

    child_voice = models.TextField(
        _("what the child says, in their own words"), max_length=LONG_TEXT, blank=True
    )
    child_not_asked_reason = models.TextField(
        _("why the child was not asked"), max_length=SHORT_TEXT, blank=True
    )

    class Meta:
        abstract = True


class Evaluation(ChildVoiceFields):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("date of the evaluation"))
    # The plan's evaluation date when this one was recorded, so "evaluated on time" can be
    # counted afterwards (the plan's own date moves on to the next one).
    due_on = models.DateField(_("was due"), null=True, blank=True, editable=False)
    worked = models.TextField(_("what worked"), max_length=LONG_TEXT)
    did_not_work = models.TextField(_("what did not work"), max_length=LONG_TEXT)
    next_steps = models.TextField(_("what next"), max_length=LONG_TEXT)
    child_scale = models.PositiveSmallIntegerField(
        _("how it is going, according to the child or family (0–10)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10)],
    )
    team_scale = models.PositiveSmallIntegerField(
        _("how it is going, according to the team (0–10)"), validators=[MaxValueValidator(10)]
    )
    is_final = models.BooleanField(_("final evaluation"), default=False)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["evaluated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(child_scale__isnull=True) | Q(child_scale__lte=10),
                name="evaluation_child_scale_0_10",
            ),
            models.CheckConstraint(
                condition=Q(team_scale__lte=10), name="evaluation_team_scale_0_10"
            ),
            models.CheckConstraint(
                condition=~Q(child_voice="", child_not_asked_reason=""),
                name="evaluation_child_voice_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation {self.pk}"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held – minutes recorded")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(ChildVoiceFields):
    """A meeting of the team around the child, with the child and the family taking part."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=LINE, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    agenda = models.TextField(_("agenda"), max_length=TEXT)
    child_takes_part = models.BooleanField(_("the child or young person takes part"), default=True)
    guardians = models.ManyToManyField(
        NetworkPerson, blank=True, related_name="+", verbose_name=_("guardians taking part")
    )
    professionals = models.ManyToManyField(
        Professional, blank=True, related_name="meetings", verbose_name=_("professionals")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    planned_at = models.DateTimeField(_("planned"))
    planned_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    # --- the minutes ---
    summary = models.TextField(_("summary"), max_length=RECORD, blank=True)
    minutes_at = models.DateTimeField(_("minutes recorded"), null=True, blank=True)
    minutes_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    log_entry = models.OneToOneField(
        LogEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="", video_link=""), name="meeting_place_or_video"
            ),
            models.CheckConstraint(
                condition=~Q(status="held")
                | (
                    Q(minutes_at__isnull=False)
                    & ~Q(summary="")
                    & ~Q(child_voice="", child_not_asked_reason="")
                ),
                name="meeting_held_has_minutes",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"Meeting {self.pk}"


class DecisionOutcome(models.TextChoices):
    MEASURE = "measure", _("A measure in the plan")
    TASK = "task", _("A task")


class MeetingDecision(models.Model):
    """What the meeting decided, who answers for it and by when; it becomes a measure or a task."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("decision"), max_length=SHORT_TEXT)
    responsible = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("deadline"))
    outcome = models.CharField(_("becomes"), max_length=10, choices=DecisionOutcome.choices)
    measure = models.OneToOneField(
        Measure, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    task = models.OneToOneField(
        "reminders.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )

    class Meta:
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="measure", measure__isnull=False, task__isnull=True)
                | Q(outcome="task", task__isnull=False, measure__isnull=True),
                name="meeting_decision_has_its_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"Decision {self.pk}"


class PlanSnapshot(models.Model):
    """The whole plan as it was after one change: append-only, so "what was agreed when" can be
    answered for families and inspectors (see ``helhet.plans.document``)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="snapshots")
    taken_at = models.DateTimeField()
    taken_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=40)
    document = models.JSONField()

    class Meta:
        ordering = ["taken_at", "pk"]
        indexes = [models.Index(fields=["plan", "taken_at"])]

    def __str__(self) -> str:
        return f"Plan {self.plan_id} at {self.taken_at:%Y-%m-%d %H:%M}"
