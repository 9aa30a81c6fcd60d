from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignalsConfig(AppConfig):
    name = "helhet.signals"
    label = "signals"
    verbose_name = _("Absence signals")
