"""Precomputed figures for the indicators: counts only, never a person.

Every indicator is stored as counts per municipality, service, month and key (``IndicatorCount``):
a breakdown (the sector, the decision) counts per key; a share counts ``yes`` and ``no``; a
median counts per number of days (a histogram), so that the median of any period and any set
of services is read from the sums (ADR 0022). ``helhet indicators refresh`` rewrites them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.directory.models import Service
from helhet.tenancy.models import Municipality


class IndicatorCount(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first of the month
    code = models.CharField(max_length=40)
    key = models.CharField(max_length=40)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "month", "service", "key"],
                name="indicator_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.month} {self.service_id} {self.key}={self.n}"


class IndicatorRefresh(models.Model):
    """When a municipality's figures were last computed, and how long it took."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    seconds = models.FloatField()
    rows = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.refreshed_at}"


class Half(models.TextChoices):
    FIRST = "1", _("First half")
    SECOND = "2", _("Second half")


class SelfAssessment(models.Model):
    """The 0–24 leader group's assessment of one area for one half-year; recorded again for the
    same half-year, it replaces the scores (the access log keeps who changed what)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    area = models.CharField(_("area"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.CharField(_("half-year"), max_length=1, choices=Half.choices)
    recorded_by = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["area", "-year", "-half"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "area", "year", "half"], name="self_assessment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}-{self.half}"


class StatementScore(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="scores")
    statement = models.CharField(max_length=40)
    score = models.PositiveSmallIntegerField()
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "statement"], name="score_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.statement}={self.score}"


class Network(models.Model):
    """Municipalities that compare their indicators and learn from each other (Norway's network
    of ten municipalities, a Danish five-municipality network). Only aggregates cross a
    municipality's boundary, suppressed."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMember(models.Model):
    """A municipality in a network, opted in by its municipal administrator."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="members")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    opted_in_by = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, related_name="+"
    )
    opted_in_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "municipality"], name="network_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.municipality_id}"


class NetworkAdvisor(models.Model):
    """Someone who works for the network, not for a municipality (a Danish network's learning
    consultants): sees the network's comparison — suppressed aggregates — and nothing else of
    any municipality. Added by the operator in the admin."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="advisors")
    user = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    role = models.CharField(
        _("role in the network"), max_length=80, blank=True, help_text=_("e.g. learning consultant")
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("network advisor")
        verbose_name_plural = _("network advisors")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="network_advisor_once")
        ]

    def __str__(self) -> str:
        return f"{self.network_id}:{self.user_id}"


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ENDED = "ended", _("Ended")


class ResearchProject(models.Model):
    """A named research or evaluation project the data protection officer approves: purpose,
    period and fields. Its key makes the pseudonyms: stable within the project, unlinkable
    across projects."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=160)
    purpose = models.TextField(_("purpose"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    fields = models.JSONField(_("fields"))
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PROPOSED
    )
    key = models.CharField(max_length=64, editable=False)  # 32 random bytes, hex
    proposed_by = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class ResearchExtract(models.Model):
    """One extract made for a project: what went out (counts and a checksum, not the data)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="extracts")
    made_by = models.ForeignKey("people.Professional", on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField()
    rows = models.PositiveIntegerField()
    left_out = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.made_at}"
