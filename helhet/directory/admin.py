from __future__ import annotations

from django.contrib import admin

from helhet.directory import services
from helhet.directory.models import ContactPerson, Service, ServiceNeed


class ServiceNeedInline(admin.TabularInline):
    model = ServiceNeed
    extra = 0


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


# Not audited: declared in helhet.audit.admin.NOT_PERSONAL (published directory data).
@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "sector", "is_low_threshold", "is_active"]
    list_filter = ["municipality", "sector", "is_low_threshold", "is_active"]
    search_fields = ["name"]
    inlines = [ServiceNeedInline, ContactPersonInline]
    readonly_fields = ["search_name", "search_text"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.service_refresh_search_text(service=form.instance)
