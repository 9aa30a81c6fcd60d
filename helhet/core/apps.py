from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "helhet.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from helhet.core import checks  # noqa: F401  (registers the deploy checks)
