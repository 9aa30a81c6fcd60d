"""Built-in level models. Names are marked for translation here and shown with ``translate``.

A municipality may add its own level model through the admin; its names are shown as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

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
