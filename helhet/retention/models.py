"""Retention: legal holds, the runs that archive and delete, and the permit that lets a run
delete a case's append-only log (docs/retention.md)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.core.text import SHORT_TEXT
from helhet.people.models import Child, Professional
from helhet.tenancy.models import Municipality


class LegalHold(models.Model):
    """Nothing of this child is archived or deleted while the hold lasts (a complaint, a court
    case, a request for access being handled). Placed and lifted by the data protection officer."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(_("reason"), max_length=SHORT_TEXT)
    placed_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(_("placed"))
    lifted_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(lifted_at__isnull=True),
                name="legal_hold_one_active_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold {self.pk}"


class RetentionRun(models.Model):
    """One run of the rules over one municipality: what it archived and deleted, by kind, with
    the ids (opaque numbers only). A run that stopped half-way has no ``finished_at``; the next
    run takes up what is left."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # {"cases_archived": [ids], "cases_deleted": [ids], "concerns_deleted": [ids],
    #  "children_deleted": [ids]}; rows by table in "rows".
    done = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention run {self.pk}"


class DeletionPermit(models.Model):
    """Exists only inside a retention run's deleting transaction (inserted first, deleted before
    commit): while it does, the append-only triggers of the case log and the plan history let
    DELETE through (helhet.audit.triggers). No other transaction ever sees a row."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("deletion permit")
        verbose_name_plural = _("deletion permits")

    def __str__(self) -> str:
        return f"Deletion permit {self.pk}"
