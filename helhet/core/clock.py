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
