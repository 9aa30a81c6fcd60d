"""Wellbeing screening, TOPI-style: a group's staff rate each child green / yellow / red on a few
areas of the municipality's wellbeing framework twice a year, to see early who needs more.

A group (a class, a kindergarten department) belongs to one school or kindergarten and has its
children and its staff. A round is one group's screening in one term: the children it rates
(``RoundChild``, with whether the parents were told and the talk held with them) and the
ratings. Individual ratings are the group's: its staff and the service's leaders see them; the
leaders see aggregates per group and term with small-number suppression.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.directory.models import Service
from helhet.people.models import Child, Professional
from helhet.tenancy.models import LifeArea


class Group(models.Model):
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="screening_groups",
        verbose_name=_("school or kindergarten"),
    )
    name = models.CharField(_("name"), max_length=60)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["service", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="group_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class GroupChild(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="screening_groups")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "child"], name="group_child_once")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.child_id}"


class GroupStaff(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="staff")
    professional = models.ForeignKey(
        Professional, on_delete=models.CASCADE, related_name="screening_groups"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "professional"], name="group_staff_once")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.professional_id}"


class Term(models.TextChoices):
    SPRING = "spring", _("Spring")
    AUTUMN = "autumn", _("Autumn")


class Colour(models.TextChoices):
    # TOPI's traffic light: thriving / some concern / serious concern.
    GREEN = "green", _("Green: thriving")
    YELLOW = "yellow", _("Yellow: some concern")
    RED = "red", _("Red: serious concern")


class InformedHow(models.TextChoices):
    LETTER = "letter", _("Letter or e-mail to all parents")
    MEETING = "meeting", _("Parents' meeting")
    CONVERSATION = "conversation", _("Conversation with the parents")


class TalkOutcome(models.TextChoices):
    NOTHING_MORE = "nothing_more", _("Nothing more needed")
    WATCH = "watch", _("We follow closely in the group")
    CONCERN = "concern", _("A concern is needed")


class ScreeningRound(models.Model):
    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    areas = models.ManyToManyField(LifeArea, related_name="+", verbose_name=_("areas"))
    opened_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("screening round")
        verbose_name_plural = _("screening rounds")
        ordering = ["-year", "-term", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "term"], name="screening_round_once_per_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.year} {self.term}"


class RoundChild(models.Model):
    """A child a round rates, what the parents were told, and the talk with them."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="children")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    parents_informed_on = models.DateField(_("parents told on"), null=True, blank=True)
    parents_informed_how = models.CharField(
        _("how the parents were told"), max_length=20, choices=InformedHow.choices, blank=True
    )
    talk_on = models.DateField(_("talk with the parents held on"), null=True, blank=True)
    talk_outcome = models.CharField(
        _("outcome of the talk"), max_length=20, choices=TalkOutcome.choices, blank=True
    )
    talk_by = models.ForeignKey(
        Professional, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concern = models.ForeignKey(
        "cases.Concern", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "child"], name="round_child_once")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.child_id}"


class Rating(models.Model):
    round_child = models.ForeignKey(RoundChild, on_delete=models.CASCADE, related_name="ratings")
    area = models.ForeignKey(LifeArea, on_delete=models.PROTECT, related_name="+")
    colour = models.CharField(_("rating"), max_length=10, choices=Colour.choices)
    rated_by = models.ForeignKey(Professional, on_delete=models.PROTECT, related_name="+")
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round_child", "area"], name="rating_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.round_child_id}:{self.area_id}={self.colour}"
