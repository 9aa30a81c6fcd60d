"""Standardised pathways: a template is an ordered list of steps (who, by when, what to do and
record); a running pathway follows one child from an absence signal, a concern or a case (its
*subject*), and each step due is a task on the responsible professional's *My work*.

A template is versioned: a change is a new version, and a running pathway keeps the version it
started with. Templates are shared as JSON (``helhet.pathways.definition``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.people.models import Professional
from helhet.tenancy.models import Municipality


class PathwayTemplate(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="pathway_templates"
    )
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The whole definition as shared (helhet/pathways/schema.json): name, steps, guidance.
    definition = models.JSONField()
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pathway template")
        verbose_name_plural = _("pathway templates")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "version"], name="pathway_template_version"
            ),
            models.UniqueConstraint(
                fields=["municipality", "code"],
                condition=models.Q(is_current=True),
                name="pathway_template_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class PathwayStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class PathwaySubject(models.TextChoices):
    """What a pathway follows, by the name of its field: exactly one of them is set
    (``pathway_has_one_subject``)."""

    SIGNAL = "signal", _("Absence signal")
    CONCERN = "concern", _("Concern")
    CASE = "case", _("Case")


SUBJECT_FIELDS = tuple(PathwaySubject.values)


def _only(field: str) -> models.Q:
    return models.Q(
        **{f"{name}__isnull": name != field for name in SUBJECT_FIELDS},
    )


class Pathway(models.Model):
    """One child on one template version, started from an absence signal, a concern or a case
    (its subject, exactly one of the three): who sees the subject sees the pathway."""

    template = models.ForeignKey(PathwayTemplate, on_delete=models.PROTECT, related_name="+")
    signal = models.ForeignKey(
        "signals.Signal", on_delete=models.PROTECT, null=True, blank=True, related_name="pathways"
    )
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="pathways"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="pathways"
    )
    owner = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("owner")
    )
    started_at = models.DateTimeField(_("started"))
    status = models.CharField(
        _("status"), max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.RUNNING
    )
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    stop_reason = models.TextField(_("why it was stopped"), blank=True)

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        constraints = [
            models.CheckConstraint(
                condition=_only("signal") | _only("concern") | _only("case"),
                name="pathway_has_one_subject",
            ),
            models.UniqueConstraint(
                fields=["signal"],
                condition=models.Q(status="running"),
                name="pathway_one_running_per_signal",
            ),
            models.UniqueConstraint(
                fields=["concern"],
                condition=models.Q(status="running"),
                name="pathway_one_running_per_concern",
            ),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="running"),
                name="pathway_one_running_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Pathway {self.pk}"

    @property
    def subject_kind(self) -> str:
        """What the pathway follows: "signal", "concern" or "case"."""
        return next(name for name in SUBJECT_FIELDS if getattr(self, f"{name}_id") is not None)

    @property
    def subject(self):
        """The signal, concern or case the pathway follows."""
        return getattr(self, self.subject_kind)

    @property
    def child(self):
        """The child on the pathway (the subject's)."""
        return self.subject.child

    @property
    def child_id(self) -> int:
        return self.subject.child_id

    @property
    def service(self):
        """The service the pathway is followed from: the signal's school, the concern's
        service, the case's coordinator's service (none for a closed case)."""
        if self.signal_id is not None:
            return self.signal.school
        if self.concern_id is not None:
            return self.concern.service
        return self.case.coordinator_service


class PathwayStep(models.Model):
    """One step of a running pathway, as its template version says; due once the step it
    follows is done (or the pathway started)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=60)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("pathway step")
        verbose_name_plural = _("pathway steps")
        ordering = ["pathway", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "position"], name="pathway_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.pathway_id}:{self.key}"

    @property
    def title(self) -> str:
        """The step's title in the reader's language (from its template version)."""
        from helhet.pathways.definition import text

        for step in self.pathway.template.definition["steps"]:
            if step["key"] == self.key:
                return text(step["title"])
        return self.key
