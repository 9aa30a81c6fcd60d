from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "helhet.reminders"
    verbose_name = _("Tasks and reminders")
