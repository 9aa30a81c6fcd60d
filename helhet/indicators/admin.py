from __future__ import annotations

from django.contrib import admin

from helhet.indicators.models import Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """Networks are set up by the operator; each municipality opts in on its own page."""

    list_display = ["name"]
    search_fields = ["name"]
