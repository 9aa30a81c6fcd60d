"""The portal's plain words that are its own: what a case's level means."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_LEVELS = {
    0: _("Someone is wondering whether things are going well, and is finding out."),
    1: _("One service helps, and talks with you about how it goes."),
    2: _("A few services work together with you, with one coordinator."),
    3: _("Many services work together with you, with one coordinator and a shared plan."),
}


def level_in_plain_words(level) -> str:
    """What the case's level means, said simply (the level model's own name is shown too)."""
    return str(_LEVELS.get(min(level.number, 3), _LEVELS[3]))
