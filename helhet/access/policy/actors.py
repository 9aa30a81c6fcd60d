"""Who is acting."""

from __future__ import annotations

from helhet.people.models import Professional
from helhet.people.selectors import professional_of


def actor_professional(actor) -> Professional | None:
    """The active professional acting, or None (anonymous, inactive, or no profile)."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return None
    return professional_of(actor)
