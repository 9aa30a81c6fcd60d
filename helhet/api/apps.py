from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "helhet.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from helhet.api import schema  # noqa: F401 (registers the schema extensions)
