"""When absence raises a signal: the municipality's rules, evaluated in the database's SQL.

Each rule kind is one query over ``AbsenceDay`` for one school, portable between SQLite and
PostgreSQL; the results become ``Signal`` rows keyed by the pattern's period, so evaluating
again (after the next import, or by the scheduler) raises nothing twice.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Case, DecimalField, Q, Sum, Value, When
from django.db.models.functions import TruncMonth

from helhet.signals.models import (
    SCHOOL_LEVEL_AGES,
    AbsenceDay,
    AbsenceKind,
    AbsenceRule,
    RuleKind,
)

# How far back the rules look: a month rule the current and the previous month, a run of days
# the last eight weeks.
LOOKBACK_DAYS = 62


@dataclasses.dataclass(frozen=True)
class Finding:
    child_id: int
    key: str
    facts: dict


def _counted(rule: AbsenceRule):
    """The days that count as absence under the rule."""
    return Q(whole_day=True) | Q(lessons__gte=rule.min_lessons)


def _weight(rule: AbsenceRule):
    return Case(
        When(kind=AbsenceKind.UNDOCUMENTED, then=Value(rule.undocumented_weight)),
        default=Value(Decimal(1)),
        output_field=DecimalField(max_digits=6, decimal_places=1),
    )


def school_days_between(first: datetime.date, last: datetime.date) -> int:
    """Weekdays from ``first`` to ``last``, both included."""
    days = (last - first).days + 1
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for i in range(rest) if (first.weekday() + i) % 7 < 5)
    return weeks * 5 + extra


def _days_in_month(rule: AbsenceRule, days, today: datetime.date) -> list[Finding]:
    since = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    rows = (
        days.filter(date__gte=since)
        .annotate(month=TruncMonth("date"))
        .values("child_id", "month")
        .annotate(total=Sum(_weight(rule)))
        .filter(total__gt=rule.threshold)
        .order_by("child_id", "month")
    )
    return [
        Finding(
            row["child_id"],
            row["month"].strftime("%Y-%m"),
            {
                "month": row["month"].strftime("%Y-%m"),
                "days": str(row["total"]),
                "threshold": rule.threshold,
            },
        )
        for row in rows
    ]


def _consecutive_days(rule: AbsenceRule, days, today: datetime.date) -> list[Finding]:
    # Gaps and islands: numbered school days minus their rank are equal within a run.
    since = today - datetime.timedelta(days=LOOKBACK_DAYS)
    sql, params = (
        days.filter(date__gte=since)
        .values("child_id", "date", "school_day")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT child_id, MIN(date), MAX(date), COUNT(*) FROM (
                  SELECT child_id, date, school_day - ROW_NUMBER() OVER (
                    PARTITION BY child_id ORDER BY school_day) AS island
                  FROM ({sql}) counted) runs
                GROUP BY child_id, island HAVING COUNT(*) >= %s
                ORDER BY child_id, MIN(date)""",  # noqa: S608 (Django's own compiled SQL)
            [*params, rule.threshold],
        )
        rows = cursor.fetchall()
    findings = []
    for child_id, first, last, count in rows:
        first, last = _as_date(first), _as_date(last)
        findings.append(
            Finding(
                child_id,
                first.isoformat(),
                {
                    "from": first.isoformat(),
                    "to": last.isoformat(),
                    "days": count,
                    "threshold": rule.threshold,
                },
            )
        )
    return findings


def _share_of_period(rule: AbsenceRule, days, today: datetime.date) -> list[Finding]:
    first = today - datetime.timedelta(days=rule.period_days - 1)
    school_days = school_days_between(first, today)
    if not school_days:
        return []
    rows = (
        days.filter(date__gte=first, date__lte=today)
        .values("child_id")
        .annotate(total=Sum(_weight(rule)))
        .filter(total__gte=Value(Decimal(rule.threshold) * school_days / 100))
        .order_by("child_id")
    )
    return [
        Finding(
            row["child_id"],
            today.strftime("%Y-%m"),  # at most one such signal a month
            {
                "from": first.isoformat(),
                "to": today.isoformat(),
                "days": str(row["total"]),
                "school_days": school_days,
                "share": round(float(row["total"]) * 100 / school_days),
                "threshold": rule.threshold,
            },
        )
        for row in rows
    ]


def _as_date(value) -> datetime.date:
    # SQLite answers a raw query's dates as text.
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


EVALUATORS = {
    RuleKind.DAYS_IN_MONTH: _days_in_month,
    RuleKind.CONSECUTIVE_DAYS: _consecutive_days,
    RuleKind.SHARE_OF_PERIOD: _share_of_period,
}


def school_year_start(today: datetime.date) -> int:
    """The calendar year the current school year started in (it starts in August)."""
    return today.year if today.month >= 8 else today.year - 1


def _of_level(rule: AbsenceRule, today: datetime.date):
    """The pupils a rule for one school level is for, by the year they were born."""
    if not rule.school_level:
        return Q()
    youngest, oldest = SCHOOL_LEVEL_AGES[rule.school_level]
    start = school_year_start(today)
    return Q(child__date_of_birth__year__gte=start - oldest) & Q(
        child__date_of_birth__year__lte=start - youngest
    )


def findings(rule: AbsenceRule, *, school_id: int, today: datetime.date) -> list[Finding]:
    """What one rule finds in one school's absence (of the rule's school level's pupils)."""
    days = (
        AbsenceDay.objects.filter(school_id=school_id)
        .filter(_counted(rule))
        .filter(_of_level(rule, today))
    )
    return EVALUATORS[rule.kind](rule, days, today)


__all__ = ["Finding", "findings", "school_days_between", "school_year_start"]
