from __future__ import annotations

from django.contrib import admin

from helhet.tenancy.models import Level, LevelModel, LifeArea, Municipality, WellbeingFramework

# These admins show configuration only: declared in helhet.audit.admin.NOT_PERSONAL.


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0


@admin.register(LevelModel)
class LevelModelAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [LevelInline]


class LifeAreaInline(admin.TabularInline):
    model = LifeArea
    extra = 0


@admin.register(WellbeingFramework)
class WellbeingFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [LifeAreaInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "level_model", "consent_age", "wellbeing_framework"]
    list_filter = ["country", "level_model"]
    search_fields = ["name"]
