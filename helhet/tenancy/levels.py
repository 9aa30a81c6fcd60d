"""Built-in level models. Names are marked for translation here and shown with ``translate``.

A municipality may add its own level model through the admin; its names are shown as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

BUILTIN_LEVEL_MODELS: dict[str, dict] = {
    "bti": {
        "name": gettext_noop("BTI (Better interdisciplinary effort) 0–3"),
        "levels": [
            (0, gettext_noop("Level 0: Is there cause for concern?")),
            (1, gettext_noop("Level 1: Action within one service")),
            (2, gettext_noop("Level 2: Simple collaboration")),
            (3, gettext_noop("Level 3: Broad collaboration")),
        ],
    },
    "is-integration": {
        "name": gettext_noop("Icelandic integration of services, levels 1–3"),
        "levels": [
            (1, gettext_noop("Level 1: Early support (contact person)")),
            (2, gettext_noop("Level 2: Targeted support (case manager and support team)")),
            (3, gettext_noop("Level 3: Specialised support (case manager and support team)")),
        ],
    },
}

# One line on what each built-in level means, by level model code and level number, for the
# professionals choosing a level. Kept here (not in the database): the level rows store codes
# and numbers, the text is translated when shown. A municipality's own level model has none.
BUILTIN_LEVEL_DESCRIPTIONS: dict[str, dict[int, str]] = {
    "bti": {
        0: gettext_noop(
            "Someone is worried; the service that noticed finds out whether there is cause "
            "for concern."
        ),
        1: gettext_noop("One service acts within its own work and follows up with the family."),
        2: gettext_noop(
            "Your service and one or two others work together with the family, led by one "
            "coordinator."
        ),
        3: gettext_noop(
            "Many services work together in a team with the family, with one coordinator and "
            "a shared plan."
        ),
    },
    "is-integration": {
        1: gettext_noop(
            "Early support in the child's everyday services, with a contact person who "
            "helps the family."
        ),
        2: gettext_noop(
            "Targeted support: a case manager leads a support team with a plan for the child."
        ),
        3: gettext_noop(
            "Specialised support: a case manager leads a support team that includes specialised "
            "services."
        ),
    },
}


def level_description(level) -> str:
    """The one-line explanation of a built-in level in the reader's language, or "" for a level
    of a municipality's own model. Reads ``level.model.code`` (select it with the level)."""
    text = BUILTIN_LEVEL_DESCRIPTIONS.get(level.model.code, {}).get(level.number)
    return gettext(text) if text else ""
