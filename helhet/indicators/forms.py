"""The dashboard's filters: they only parse (an unknown value is an error, never a guess)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core import clock
from helhet.directory.vocabulary import Sector


class MonthField(forms.CharField):
    """A month as the browser's month input sends it: YYYY-MM; the first of that month."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError(_("Write the month as YYYY-MM.")) from None


def months_back(n: int) -> datetime.date:
    month = clock.today().replace(day=1)
    for _step in range(n):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


class DashboardFilter(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    service = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services.order_by("name")
        present = set(services.values_list("sector", flat=True))
        self.fields["sector"].choices = [("", _("All"))] + [
            (value, label) for value, label in Sector.choices if value in present
        ]

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("start") or months_back(11)
        end = cleaned.get("end") or clock.today().replace(day=1)
        if start > end:
            raise forms.ValidationError(_("The first month comes after the last."))
        if (end.year - start.year) * 12 + end.month - start.month >= 60:
            raise forms.ValidationError(_("Choose at most five years."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
