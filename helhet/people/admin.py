from __future__ import annotations

import functools

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhet.audit.admin import AuditedAdminMixin
from helhet.people import services
from helhet.people.models import Child, Membership, NetworkPerson, Professional, User


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    # A professional's login belongs to their municipality; an operator's to the global chain.
    audit_municipality = "professional__municipality_id"
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "is_demo"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser", "is_demo"]}),
        ("Permissions", {"fields": ["groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]

    def user_change_password(self, request, id, form_url=""):
        # The password page names the user; a password set there is logged as admin.change.
        view = functools.partial(super().user_change_password, request, id, form_url)
        return self.audited_view(request, view, page="password page")


class MembershipInlineForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["service", "role"]

    def __init__(self, *args, parent_municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_municipality_id = parent_municipality_id

    def clean(self):
        cleaned = super().clean()
        service = cleaned.get("service")
        if (
            service
            and self.parent_municipality_id
            and service.municipality_id != self.parent_municipality_id
        ):
            raise ValidationError(
                _("A professional can only be a member of services in their own municipality.")
            )
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipInlineForm
    extra = 0
    autocomplete_fields = ["service"]


@admin.register(Professional)
class ProfessionalAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "municipality", "title", "is_municipal_admin", "is_leader_group"]
    list_filter = ["municipality", "is_municipal_admin", "is_leader_group"]
    search_fields = ["user__name", "user__email"]
    list_select_related = ["user", "municipality"]
    # A select of every user would put every name and e-mail address on each change page.
    raw_id_fields = ["user"]
    inlines = [MembershipInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        raw = request.POST.get("municipality") or (obj.municipality_id if obj else None)
        municipality_id = int(raw) if raw and str(raw).isdigit() else None
        kwargs.setdefault("form_kwargs", {})["parent_municipality_id"] = municipality_id
        return kwargs


class ChildAdminForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["municipality", "given_name", "family_name", "date_of_birth", "national_id"]

    def clean(self):
        cleaned = super().clean()
        # On change the municipality is read-only (ChildAdmin), so it is not in cleaned_data.
        municipality = (
            self.instance.municipality if self.instance.pk else cleaned.get("municipality")
        )
        if municipality and cleaned.get("date_of_birth"):
            try:
                cleaned["national_id"] = services.child_validate(
                    municipality=municipality,
                    date_of_birth=cleaned["date_of_birth"],
                    national_id=cleaned.get("national_id") or None,
                    exclude_pk=self.instance.pk,
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return cleaned


class NetworkPersonInline(admin.StackedInline):
    model = NetworkPerson
    extra = 0
    exclude = ["municipality"]


@admin.register(Child)
class ChildAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """For superusers maintaining synthetic data; professionals work through the app."""

    audit_child = ("pk",)
    form = ChildAdminForm
    list_display = ["__str__", "municipality", "date_of_birth"]
    list_filter = ["municipality"]
    search_fields = ["given_name", "family_name"]
    inlines = [NetworkPersonInline]

    def get_readonly_fields(self, request, obj=None):
        # The municipality is the tenant: moving a child here would strand its cases, concerns
        # and network (docs/scaling.md).
        return ["municipality"] if obj is not None else []

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            if getattr(inline_form.instance, "child_id", None):
                inline_form.instance.municipality_id = inline_form.instance.child.municipality_id
        super().save_formset(request, form, formset, change)
