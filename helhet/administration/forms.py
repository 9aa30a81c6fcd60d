"""The administration's forms: they only parse; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.administration.services import PROFILE_FIELDS
from helhet.people.models import MembershipRole
from helhet.tenancy.models import Municipality


class _ServiceChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=160)
    title = forms.CharField(label=_("Title"), max_length=80, required=False)
    service = _ServiceChoice(label=_("Service"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Role in the service"), choices=MembershipRole.choices)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class MembershipForm(forms.Form):
    service = _ServiceChoice(label=_("Service"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Role in the service"), choices=MembershipRole.choices)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class RolesForm(forms.Form):
    is_municipal_admin = forms.BooleanField(label=_("Municipal administrator"), required=False)
    is_data_protection_officer = forms.BooleanField(
        label=_("Data protection officer"), required=False
    )
    is_leader_group = forms.BooleanField(label=_("On the 0–24 leader group"), required=False)


class ProfileForm(forms.ModelForm):
    """The jurisdiction profile's fields, parsed by the model's own field types."""

    class Meta:
        model = Municipality
        fields = list(PROFILE_FIELDS)


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("The staff file (CSV)"),
        help_text=_(
            "Columns: email, name, service, and optionally title and role (staff or leader)."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file (a dry run: nothing is saved)"), required=False, initial=True
    )


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, hard to guess."),
    )
    password2 = forms.CharField(
        label=_("The password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
