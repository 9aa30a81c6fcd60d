"""Standardised pathways: a template is an ordered list of steps (who, by when, what to do and
record); a running pathway follows one pupil from a signal, and each step due is a task on the
responsible professional's *My work*.

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


class Pathway(models.Model):
    """One pupil on one template version, started from an absence signal."""

    template = models.ForeignKey(PathwayTemplate, on_delete=models.PROTECT, related_name="+")
    signal = models.ForeignKey("signals.Signal", on_delete=models.PROTECT, related_name="pathways")
    owner = models.ForeignKey(
        Professional, on_delete=models.PROTECT, related_name="pathways", verbose_name=_("owner")
    )
    started_at = models.DateTimeField(_("started"))
    status = models.CharField(
        _("status"), max_length=10, choices=PathwayStatus.choices, default=PathwayStatus.RUNNING
    )

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        constraints = [
            models.UniqueConstraint(
                fields=["signal"],
                condition=models.Q(status="running"),
                name="pathway_one_running_per_signal",
            )
        ]

    def __str__(self) -> str:
        return f"Pathway {self.pk}"


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
