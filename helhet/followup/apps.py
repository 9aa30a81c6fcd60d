from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowUpConfig(AppConfig):
    name = "helhet.followup"
    label = "followup"
    verbose_name = _("Young people outside school and work")
