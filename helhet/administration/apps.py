from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    name = "helhet.administration"
    label = "administration"
    verbose_name = _("Municipal administration")
