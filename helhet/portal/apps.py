from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "helhet.portal"
    verbose_name = _("Family and youth portal")

    def ready(self) -> None:
        from helhet.portal import signals  # noqa: F401 (connects the session separation)
