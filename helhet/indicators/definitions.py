"""The process indicators: what each one counts, in which of the network's six areas it belongs,
and how it is read (a count, a share, a median). ``docs/indicators.md`` writes each one out
(numerator, denominator, what is left out); ``compute.py`` counts them from the data."""

from __future__ import annotations

import dataclasses
import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.TextChoices):
    """The six areas of good practice of the Norwegian 0–24 municipal network."""

    COLLABORATION = "collaboration", _("Collaboration culture")
    SHARED_GOALS = "shared_goals", _("Shared goals and direction")
    KNOWLEDGE = "knowledge", _("Knowledge-based service development")
    COMPETENCE = "competence", _("Competence building")
    EARLY = "early", _("Early intervention")
    EVALUATION = "evaluation", _("Qualitative evaluations")


class Kind(enum.StrEnum):
    COUNT = "count"  # keys: "" or a breakdown (a decision, an answer)
    SHARE = "share"  # keys: "yes" and "no"
    MEDIAN = "median"  # keys: whole days (or years), a histogram


@dataclasses.dataclass(frozen=True)
class Indicator:
    code: str
    area: Area
    kind: Kind
    title: str
    unit: str = ""  # for a median: days or years


INDICATORS: tuple[Indicator, ...] = (
    Indicator("concerns_registered", Area.EARLY, Kind.COUNT, _("Concerns registered")),
    Indicator(
        "age_at_first_concern",
        Area.EARLY,
        Kind.MEDIAN,
        _("Age at the first concern (median)"),
        unit=_("years"),
    ),
    Indicator(
        "decided_within_deadline",
        Area.COLLABORATION,
        Kind.SHARE,
        _("Concerns decided within the deadline"),
    ),
    Indicator(
        "days_to_decision",
        Area.COLLABORATION,
        Kind.MEDIAN,
        _("Days from a concern to its decision (median)"),
        unit=_("days"),
    ),
    Indicator("decision_outcomes", Area.COLLABORATION, Kind.COUNT, _("Decisions on concerns")),
    Indicator(
        "days_to_first_plan",
        Area.SHARED_GOALS,
        Kind.MEDIAN,
        _("Days from a case to its plan (median)"),
        unit=_("days"),
    ),
    Indicator(
        "goals_in_childs_words",
        Area.SHARED_GOALS,
        Kind.SHARE,
        _("Goals in the child's own words"),
    ),
    Indicator("handover_answers", Area.COLLABORATION, Kind.COUNT, _("Handovers answered")),
    Indicator(
        "handover_days",
        Area.COLLABORATION,
        Kind.MEDIAN,
        _("Days a handover waited for its answer (median)"),
        unit=_("days"),
    ),
    Indicator("cases_by_level", Area.SHARED_GOALS, Kind.COUNT, _("Cases opened, by level")),
    Indicator(
        "evaluations_with_childs_voice",
        Area.EVALUATION,
        Kind.SHARE,
        _("Evaluations with the child's own words"),
    ),
    Indicator(
        "meetings_with_childs_voice",
        Area.EVALUATION,
        Kind.SHARE,
        _("Meetings with the child's own words in the minutes"),
    ),
    Indicator("consents_withdrawn", Area.COLLABORATION, Kind.COUNT, _("Consents withdrawn")),
    Indicator(
        "evaluations_on_time",
        Area.EVALUATION,
        Kind.SHARE,
        _("Plans evaluated by their evaluation date"),
    ),
    Indicator(
        "services_per_case",
        Area.COLLABORATION,
        Kind.MEDIAN,
        _("Services in a case's team (median)"),
        unit=_("services"),
    ),
    Indicator(
        "lawful_basis_sharing",
        Area.COLLABORATION,
        Kind.COUNT,
        _("Sharing without consent, on a lawful basis"),
    ),
    Indicator(
        "tasks_overdue",
        Area.COLLABORATION,
        Kind.SHARE,
        _("Tasks done late or still open after their due date"),
    ),
    Indicator("help_requests", Area.EARLY, Kind.COUNT, _("Families' requests for help")),
    Indicator(
        "signals_to_concern",
        Area.EARLY,
        Kind.SHARE,
        _("Absence signals that became a concern"),
    ),
)
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# The sectors every child meets: a concern registered there was caught by a universal service.
UNIVERSAL_SECTORS = ("kindergarten", "school", "upper_secondary", "health_station")


# The leader group's self-assessment: statements per area, each scored 1 (not at all) to 5
# (fully), after the network's way of working with its indicators of good practice.
STATEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    Area.COLLABORATION: (
        ("know_each_other", _("The services know each other's tasks and call each other early.")),
        (
            "needs_first",
            _("Meetings across services start from the child's and the family's needs."),
        ),
        ("coordinator", _("One coordinator and the handovers between services work in practice.")),
    ),
    Area.SHARED_GOALS: (
        ("goals_decided", _("The leaders have decided shared goals for the 0–24 work together.")),
        ("plans_shared", _("Plans across services have shared goals, in the child's own words.")),
    ),
    Area.KNOWLEDGE: (
        ("data_used", _("We use figures and evaluations to change how we work.")),
        ("research_known", _("We know what research says helps, and use it.")),
    ),
    Area.COMPETENCE: (
        ("learn_together", _("Staff of different services learn together.")),
        ("routines_taught", _("New staff learn the shared routines and tools.")),
    ),
    Area.EARLY: (
        ("caught_early", _("Kindergartens, schools and health stations catch concerns early.")),
        ("decided_quickly", _("Concerns are decided quickly, together with the family.")),
    ),
    Area.EVALUATION: (
        ("families_asked", _("We ask children and families how the help worked.")),
        ("voices_change", _("What children and families tell us changes how we work.")),
    ),
}
SCORES = (1, 2, 3, 4, 5)
