"""Writes of a municipality's absence rules (domain.md §3: no national threshold exists, so
each municipality sets its own). Only its municipal administrators change them; every change
is in the access log. A changed rule applies from the next evaluation; the signals it raised
keep the threshold they were raised under."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.errors import DomainError
from helhet.signals.models import AbsenceRule, RuleKind, SchoolLevel
from helhet.signals.services import absence_rules_ensure

# What a threshold may be, per kind: (lowest, highest).
THRESHOLDS = {
    RuleKind.DAYS_IN_MONTH: (1, 22),
    RuleKind.CONSECUTIVE_DAYS: (2, 60),
    RuleKind.SHARE_OF_PERIOD: (1, 100),
}
FIELDS = (
    "kind",
    "threshold",
    "period_days",
    "undocumented_weight",
    "min_lessons",
    "school_level",
    "is_active",
)


def municipality_rules(*, fetched_by) -> list[AbsenceRule]:
    """Every rule of the administrator's municipality (the defaults the first time)."""
    if not policy.can_configure_absence_rules(fetched_by):
        raise Http404
    municipality = policy.actor_professional(fetched_by).municipality
    absence_rules_ensure(municipality=municipality)
    return list(AbsenceRule.objects.filter(municipality=municipality))


def absence_rule_or_404(*, fetched_by, pk: int) -> AbsenceRule:
    if not policy.can_configure_absence_rules(fetched_by):
        raise Http404
    municipality_id = policy.actor_professional(fetched_by).municipality_id
    rule = AbsenceRule.objects.filter(pk=pk, municipality_id=municipality_id).first()
    if rule is None:
        raise Http404
    return rule


def _check(values: dict) -> None:
    low, high = THRESHOLDS[values["kind"]]
    if not low <= values["threshold"] <= high:
        raise DomainError(
            _("For this rule the threshold is from %(low)s to %(high)s.")
            % {"low": low, "high": high},
            field="threshold",
        )
    if values["kind"] == RuleKind.SHARE_OF_PERIOD and not 7 <= values["period_days"] <= 365:
        raise DomainError(_("The period is from 7 to 365 days."), field="period_days")
    if not Decimal(1) <= values["undocumented_weight"] <= Decimal(5):
        raise DomainError(
            _("Undocumented absence counts from 1 to 5 times."), field="undocumented_weight"
        )
    if not 1 <= values["min_lessons"] <= 10:
        raise DomainError(_("A day is from 1 to 10 lessons."), field="min_lessons")
    if values.get("school_level", "") not in ("", *SchoolLevel.values):
        raise DomainError(
            _("Choose a school level, or none for every level."), field="school_level"
        )


@transaction.atomic
def absence_rule_save(*, saved_by, values: dict, rule: AbsenceRule | None = None) -> AbsenceRule:
    """Add a rule to the municipality, or change one of its rules."""
    if not policy.can_configure_absence_rules(saved_by):
        raise Http404
    professional = policy.actor_professional(saved_by)
    if rule is not None and rule.municipality_id != professional.municipality_id:
        raise Http404
    _check(values)
    rule = rule or AbsenceRule(municipality=professional.municipality)
    for name in FIELDS:
        setattr(rule, name, values.get(name, getattr(rule, name)))
    rule.save()
    audit_record(
        actor=saved_by,
        action="absence_rule.save",
        purpose="absence rules",
        municipality_id=professional.municipality_id,
        obj=rule,
    )
    return rule
