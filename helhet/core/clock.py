"""The project's clock: one place to ask for "now" and "today", so tests can move time."""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate(now())


def aware_start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def aware_end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def age_on(born: datetime.date, on: datetime.date | None = None) -> int:
    """Whole years from ``born`` to ``on`` (today by default)."""
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birthday_at(born: datetime.date, age: int) -> datetime.date:
    """The day someone born on ``born`` turns ``age`` (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return datetime.date(born.year + age, 3, 1)


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The latest birth date of someone who is ``years`` old on ``day``."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return datetime.date(day.year - years, 2, 28)
