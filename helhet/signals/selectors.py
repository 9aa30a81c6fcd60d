"""Reads of absence data and signals, through the access policy; a signal's page is a read
of the child's data and is recorded as such."""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core import clock
from helhet.signals.chart import Chart, weekly_chart
from helhet.signals.models import AbsenceDay, AbsenceImport, RuleKind, Signal, SignalStatus

HISTORY_DAYS = 92  # the absence a signal's page shows: about a school term's quarter


def signal_summary(signal: Signal) -> str:
    """What the rule found, in the reader's language (the signal stores the figures)."""
    facts, rule = signal.facts, signal.rule
    # The threshold as it was when the signal was raised (a rule may be changed since).
    threshold = facts.get("threshold", rule.threshold)
    if rule.kind == RuleKind.DAYS_IN_MONTH:
        month = datetime.date.fromisoformat(facts["month"] + "-01")
        return _("%(days)s days of absence in %(month)s (the rule: more than %(threshold)s).") % {
            "days": formats.number_format(facts["days"]),
            "month": formats.date_format(month, "YEAR_MONTH_FORMAT"),
            "threshold": threshold,
        }
    first = formats.date_format(datetime.date.fromisoformat(facts["from"]), "SHORT_DATE_FORMAT")
    last = formats.date_format(datetime.date.fromisoformat(facts["to"]), "SHORT_DATE_FORMAT")
    if rule.kind == RuleKind.CONSECUTIVE_DAYS:
        return _("%(days)s school days in a row, %(first)s to %(last)s.") % {
            "days": facts["days"],
            "first": first,
            "last": last,
        }
    return _(
        "Absent %(share)s %% of the school days from %(first)s to %(last)s "
        "(%(days)s of %(school_days)s days; the rule: %(threshold)s %%)."
    ) % {
        "share": facts["share"],
        "first": first,
        "last": last,
        "days": formats.number_format(facts["days"]),
        "school_days": facts["school_days"],
        "threshold": threshold,
    }


LIST_LIMIT = 200


def signal_list(*, fetched_by, status: str = SignalStatus.OPEN) -> list[Signal]:
    """The signals the actor may see, newest first (open ones unless ``status`` is "all");
    a list of pupils' names, recorded as one read (as *My work* is)."""
    signals = policy.signals_visible_to(fetched_by).select_related("school", "child", "rule")
    if status != "all":
        signals = signals.filter(status=status)
    professional = policy.actor_professional(fetched_by)
    with transaction.atomic():
        found = list(signals.order_by("-raised_at", "-pk")[:LIST_LIMIT])
        if professional is not None:
            audit_record(
                actor=fetched_by,
                action="signal.list",
                purpose="absence signals",
                municipality_id=professional.municipality_id,
            )
    return found


@dataclasses.dataclass(frozen=True)
class SignalPage:
    signal: Signal
    summary: str
    days: list[AbsenceDay]
    months: list[dict]
    chart: Chart


def signal_detail(*, fetched_by, pk: int) -> SignalPage:
    """One signal with the pupil's recent absence at the school; recorded as a read."""
    signal = policy.get_signal_or_404(fetched_by, pk)
    since = clock.today() - datetime.timedelta(days=HISTORY_DAYS)
    with transaction.atomic():
        days = list(
            AbsenceDay.objects.filter(
                school_id=signal.school_id, child_id=signal.child_id, date__gte=since
            ).order_by("-date")
        )
        audit_record(
            actor=fetched_by,
            action="signal.read",
            purpose="absence signal",
            actor_role=policy.signal_role(fetched_by, signal),
            municipality_id=signal.school.municipality_id,
            service_id=signal.school_id,
            child_id=signal.child_id,
            obj=signal,
        )
    return SignalPage(
        signal,
        signal_summary(signal),
        days,
        _by_month(days),
        weekly_chart(days, today=clock.today()),
    )


def _by_month(days: list[AbsenceDay]) -> list[dict]:
    """Days of absence per month and kind: the table beside the list of days."""
    months: dict[datetime.date, dict] = {}
    for day in days:
        month = day.date.replace(day=1)
        row = months.setdefault(
            month,
            {"month": month, "documented": 0, "guardian_reported": 0, "undocumented": 0},
        )
        row[day.kind] += 1
    for row in months.values():
        row["total"] = row["documented"] + row["guardian_reported"] + row["undocumented"]
    return sorted(months.values(), key=lambda r: r["month"])


def recent_imports(*, fetched_by) -> list[AbsenceImport]:
    """The last imports of the schools the actor leads."""
    schools = policy.absence_import_schools(fetched_by)
    return list(
        AbsenceImport.objects.filter(school__in=schools)
        .select_related("school", "imported_by")
        .order_by("-imported_at", "-pk")[:10]
    )
