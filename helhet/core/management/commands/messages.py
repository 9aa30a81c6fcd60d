from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

IGNORE = [".venv/*", "node_modules/*", "tests/*", "var/*", "benchmarks/*", "docs/*"]


class Command(BaseCommand):
    help = (
        "Update the translation catalogs (helhet/locale) from the source and compile them. "
        "CI runs this and fails if it changes anything: catalogs must be current and compiled."
    )

    def handle(self, *args, **options):
        languages = [code for code, _name in settings.LANGUAGES]
        os.chdir(settings.BASE_DIR)  # makemessages scans the current directory
        call_command(
            "makemessages",
            locale=languages,
            no_location=True,
            no_obsolete=True,
            ignore_patterns=IGNORE,
            verbosity=options["verbosity"],
        )
        call_command(
            "compilemessages",
            locale=languages,
            ignore_patterns=IGNORE,
            verbosity=options["verbosity"],
        )
