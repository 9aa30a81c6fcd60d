from __future__ import annotations

from django.contrib import admin

from helhet.audit.admin import AuditedAdminMixin
from helhet.indicators.models import Network, NetworkAdvisor


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    """Networks are set up by the operator; each municipality opts in on its own page."""

    list_display = ["name"]
    search_fields = ["name"]


@admin.register(NetworkAdvisor)
class NetworkAdvisorAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A network's learning consultants: a login (no professional needed) and the network."""

    # An advisor's login belongs to no municipality unless they also work in one.
    audit_municipality = "user__professional__municipality_id"
    list_display = ["network", "user", "role", "added_at"]
    list_filter = ["network"]
    list_select_related = ["network", "user"]
    # A select of every user would put every name and e-mail address on each change page.
    raw_id_fields = ["user"]
