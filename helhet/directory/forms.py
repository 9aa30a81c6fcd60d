from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from helhet.core import text
from helhet.directory.models import MAX_AGE, ContactPerson, Service
from helhet.directory.vocabulary import Need, Sector


class DirectorySearchForm(forms.Form):
    q = text.FreeText(
        label=_("What do you need help with?"), required=False, max_length=text.SEARCH
    )
    need = forms.ChoiceField(
        label=_("Need"), required=False, choices=[("", _("All needs")), *Need.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    age = forms.IntegerField(
        label=_("Age of the child or young person"), required=False, min_value=0, max_value=MAX_AGE
    )
    low_threshold = forms.BooleanField(
        label=_("Only drop-in / low-threshold offers"), required=False
    )
    inactive = forms.BooleanField(
        label=_("Include services that are no longer active"), required=False
    )

    def __init__(self, *args, may_see_inactive: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_see_inactive:
            del self.fields["inactive"]


class ServiceForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    needs = forms.MultipleChoiceField(
        label=_("Needs the service helps with"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "sector",
            "description",
            "needs",
            "min_age",
            "max_age",
            "is_low_threshold",
            "how_to_get_in_touch",
            "phone",
            "email",
            "address",
            "opening_hours",
            "website",
            "keywords",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_get_in_touch": forms.Textarea(attrs={"rows": 3}),
        }
        # Free text as the model bounds it, cleaned as all typed text (helhet.core.text).
        formfield_callback = text.formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["needs"] = [n.need for n in self.instance.needs.all()]

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "needs"}


ContactPersonFormSet = inlineformset_factory(
    Service,
    ContactPerson,
    fields=["name", "role", "phone", "email", "ask_me_about"],
    extra=2,
    can_delete=True,
    max_num=30,
    formfield_callback=text.formfield,
)


def contacts_from_formset(formset) -> list[dict]:
    """The formset's rows as the complete new contact list, in the order shown."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        data = {
            k: form.cleaned_data.get(k, "")
            for k in ("name", "role", "phone", "email", "ask_me_about")
        }
        if form.instance.pk:
            data["id"] = form.instance.pk
        rows.append(data)
    return rows
