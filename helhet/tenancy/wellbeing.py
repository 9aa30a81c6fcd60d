"""Built-in wellbeing frameworks: the life areas a plan's goals are linked to.

Names are marked for translation here and shown with ``translate``; a municipality may add its own
framework through the admin, whose names are shown as typed. ``DEFAULT_FRAMEWORK`` is used by a
municipality that has not chosen one.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

DEFAULT_FRAMEWORK = "nordic"

BUILTIN_WELLBEING_FRAMEWORKS: dict[str, dict] = {
    "nordic": {
        "name": gettext_noop("Life areas (Nordic default)"),
        "areas": [
            ("health", gettext_noop("Health")),
            ("learning", gettext_noop("Learning and development")),
            ("safety", gettext_noop("Safety")),
            ("relationships", gettext_noop("Relationships and belonging")),
            ("participation", gettext_noop("Participation and leisure")),
            ("material", gettext_noop("Material conditions")),
        ],
    },
    "girfec": {
        "name": gettext_noop("GIRFEC wellbeing indicators (SHANARRI)"),
        "areas": [
            ("safe", gettext_noop("Safe")),
            ("healthy", gettext_noop("Healthy")),
            ("achieving", gettext_noop("Achieving")),
            ("nurtured", gettext_noop("Nurtured")),
            ("active", gettext_noop("Active")),
            ("respected", gettext_noop("Respected")),
            ("responsible", gettext_noop("Responsible")),
            ("included", gettext_noop("Included")),
        ],
    },
}
