"""Built-in level models. Names are marked for translation here and shown with ``translate``.

A municipality may add its own level model through the admin; its names are shown as typed.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

BUILTIN_LEVEL_MODELS: dict[str, dict] = {
    "bti": {
        "name": N_("BTI (Better interdisciplinary effort) 0–3"),
        "levels": [
            (0, N_("Level 0: Is there cause for concern?")),
            (1, N_("Level 1: Action within one service")),
            (2, N_("Level 2: Simple collaboration")),
            (3, N_("Level 3: Broad collaboration")),
        ],
    },
    "is-integration": {
        "name": N_("Icelandic integration of services, levels 1–3"),
        "levels": [
            (1, N_("Level 1: Early support (contact person)")),
            (2, N_("Level 2: Targeted support (case manager and support team)")),
            (3, N_("Level 3: Specialised support (case manager and support team)")),
        ],
    },
}
