"""The ``helhet`` console script: Django's management commands with Helhet's settings.

``helhet migrate``, ``helhet createsuperuser``, ``helhet seed``, ``helhet demo`` …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhet.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "helhet"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # A misconfiguration (e.g. a malformed DATABASE_URL) deserves one clear line, not a trace.
        sys.stderr.write(f"helhet: configuration error: {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
