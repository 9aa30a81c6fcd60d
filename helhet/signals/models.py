"""Absence data from a school's administration system and the signals its rules raise.

Absence is the school's data (domain rule 11): a signal is seen only by the pupil's contact
teacher and the school's leaders until a concern (with consent) takes it further.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.directory.models import Service
from helhet.people.models import Child, Professional
from helhet.tenancy.models import Municipality


class AbsenceKind(models.TextChoices):
    # Ordered by weight: a day with any undocumented lesson counts as undocumented.
    DOCUMENTED = "documented", _("Documented")
    GUARDIAN_REPORTED = "guardian_reported", _("Reported by a guardian")
    UNDOCUMENTED = "undocumented", _("Undocumented")


class Enrolment(models.Model):
    """A pupil of a school: how the school's files name the child, and who follows them up."""

    school = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("school")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("child")
    )
    pupil_id = models.CharField(
        _("pupil id"),
        max_length=40,
        blank=True,
        help_text=_("The school administration system's id of the pupil, if it has one."),
    )
    contact_teacher = models.ForeignKey(
        Professional,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_pupils",
        verbose_name=_("contact teacher"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["school", "child"], name="enrolment_one_per_school"),
            models.UniqueConstraint(
                fields=["school", "pupil_id"],
                condition=~models.Q(pupil_id=""),
                name="enrolment_pupil_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} – {self.school}"


class AbsenceImport(models.Model):
    """One file imported for one school: what it held and what it changed."""

    school = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="absence_imports", verbose_name=_("school")
    )
    imported_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("imported by")
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    file_sha256 = models.CharField(_("file checksum"), max_length=64)
    first_day = models.DateField(_("first day"), null=True)
    last_day = models.DateField(_("last day"), null=True)
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    skipped_rows = models.PositiveIntegerField(_("rows left out"), default=0)
    unmatched_rows = models.PositiveIntegerField(_("rows of unknown pupils"), default=0)
    days_added = models.PositiveIntegerField(default=0)
    days_changed = models.PositiveIntegerField(default=0)
    days_removed = models.PositiveIntegerField(default=0)
    signals_raised = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("absence import")
        verbose_name_plural = _("absence imports")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school} {self.first_day}–{self.last_day}"


class AbsenceDay(models.Model):
    """One pupil's absence on one school day, as the school's latest file says.

    ``school_day`` numbers the weekdays (Monday to Friday) without gaps, so that absence on
    Friday and the next Monday is consecutive (``helhet.signals.rules``)."""

    school = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="absence_days")
    date = models.DateField(_("date"))
    school_day = models.IntegerField()
    whole_day = models.BooleanField(_("whole day"), default=False)
    lessons = models.PositiveSmallIntegerField(_("lessons"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=AbsenceKind.choices)

    class Meta:
        verbose_name = _("day of absence")
        verbose_name_plural = _("days of absence")
        constraints = [
            models.UniqueConstraint(fields=["school", "child", "date"], name="absence_day_unique")
        ]
        indexes = [models.Index(fields=["school", "date"], name="absence_day_school_date")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.date} {self.kind}"


class RuleKind(models.TextChoices):
    DAYS_IN_MONTH = "days_in_month", _("More than N days in a calendar month")
    CONSECUTIVE_DAYS = "consecutive_days", _("N school days in a row")
    SHARE_OF_PERIOD = "share_of_period", _("N per cent of the school days in a period")


class SchoolLevel(models.TextChoices):
    # Nordic school years follow the calendar year of birth: the level is the age a pupil turns
    # in the year the school year starts (Norway, Sweden, Denmark alike: 6–12 the first seven
    # years with the year before school, 13–15 lower secondary, 16–19 upper secondary).
    PRIMARY = "primary", _("Primary school (turning 6–12)")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school (turning 13–15)")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school (turning 16–19)")


SCHOOL_LEVEL_AGES = {
    SchoolLevel.PRIMARY: (6, 12),
    SchoolLevel.LOWER_SECONDARY: (13, 15),
    SchoolLevel.UPPER_SECONDARY: (16, 19),
}


class AbsenceRule(models.Model):
    """A municipality's rule for when absence raises a signal (domain.md: no national threshold
    exists, so every figure here is the municipality's own)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="absence_rules"
    )
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    threshold = models.PositiveSmallIntegerField(
        _("threshold"), help_text=_("Days, or per cent for a share of a period.")
    )
    period_days = models.PositiveSmallIntegerField(
        _("period (calendar days)"),
        default=60,
        help_text=_("Only for a share of a period: how far back the share is counted."),
    )
    undocumented_weight = models.DecimalField(
        _("weight of undocumented absence"),
        max_digits=3,
        decimal_places=1,
        default=1,
        help_text=_("A day of undocumented absence counts this many days (e.g. 1.5)."),
    )
    min_lessons = models.PositiveSmallIntegerField(
        _("lessons that make a day"),
        default=3,
        help_text=_("Absence from this many lessons counts as a day of absence."),
    )
    school_level = models.CharField(
        _("school level"),
        max_length=20,
        choices=SchoolLevel.choices,
        blank=True,
        help_text=_("Empty: the rule is for pupils of every level."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("absence rule")
        verbose_name_plural = _("absence rules")
        ordering = ["municipality", "kind", "threshold"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1), name="absence_rule_threshold_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(undocumented_weight__gte=1),
                name="absence_rule_weight_at_least_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.threshold})"


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    CONCERN = "concern", _("Concern registered")


class Signal(models.Model):
    """A rule found a pattern in a pupil's absence. ``key`` names the period the pattern is
    in (a month, the first day of a run), so that evaluating the rules again raises no second
    signal for the same pattern."""

    school = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="signals", verbose_name=_("school")
    )
    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, related_name="signals", verbose_name=_("child")
    )
    rule = models.ForeignKey(AbsenceRule, on_delete=models.PROTECT, related_name="signals")
    key = models.CharField(max_length=20)
    facts = models.JSONField(default=dict)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    closed_by = models.ForeignKey(
        "people.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    dismiss_reason = models.TextField(_("reason"), blank=True)
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "child", "rule", "key"], name="signal_once_per_pattern"
            )
        ]
        indexes = [models.Index(fields=["school", "status"], name="signal_school_status")]

    def __str__(self) -> str:
        return f"{self.rule} {self.key} ({self.get_status_display()})"
