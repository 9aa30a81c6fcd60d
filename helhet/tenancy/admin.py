from __future__ import annotations

from django.contrib import admin

from helhet.tenancy.models import Level, LevelModel, Municipality


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(LevelModel)
class LevelModelAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [LevelInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "level_model", "consent_age", "concern_decision_days"]
    list_filter = ["country", "level_model"]
    search_fields = ["name"]
