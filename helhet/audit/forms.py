"""The data protection officer's search of the access log. Filters are ids and dates only, never
names, so that no personal data ends up in a query string or a server log."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import DateInput


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class AuditSearchForm(forms.Form):
    date_from = forms.DateField(label=_("From date"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To date"), required=False, widget=DateInput)
    actor = ProfessionalChoiceField(
        label=_("Who"), queryset=None, required=False, empty_label=_("Everyone")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    case = forms.IntegerField(label=_("Case id"), required=False, min_value=1)

    def __init__(self, *args, professionals, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = professionals
        self.fields["action"].choices = [("", _("All actions")), *((a, a) for a in actions)]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned
