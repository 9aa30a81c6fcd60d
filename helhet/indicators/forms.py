"""The dashboard's filters: they only parse (an unknown value is an error, never a guess)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core import clock
from helhet.core.forms import DateInput, textarea
from helhet.core.text import SHORT_TEXT, FreeText
from helhet.directory.vocabulary import Sector
from helhet.indicators.definitions import SCORES
from helhet.indicators.models import Half
from helhet.indicators.research import FIELDS


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


class PeriodFilter(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)

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


class DashboardFilter(PeriodFilter):
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    service = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services.order_by("name")
        present = set(services.values_list("sector", flat=True))
        self.fields["sector"].choices = [("", _("All"))] + [
            (value, label) for value, label in Sector.choices if value in present
        ]


class SelfAssessmentForm(forms.Form):
    """One area's statements: a score 1–5 and a note each (fields ``score_<code>``,
    ``note_<code>``), for a half-year."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.ChoiceField(label=_("Half-year"), choices=Half.choices)

    def __init__(self, *args, statements, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["year"].initial = today.year
        self.fields["half"].initial = Half.FIRST if today.month < 7 else Half.SECOND
        self.statements = statements
        for code, text in statements:
            self.fields[f"score_{code}"] = forms.TypedChoiceField(
                label=text,
                coerce=int,
                choices=[(n, str(n)) for n in SCORES],
                widget=forms.RadioSelect,
                help_text=_("1: not at all · 5: fully"),
            )
            self.fields[f"note_{code}"] = FreeText(
                label=_("Note"), max_length=SHORT_TEXT, required=False, widget=textarea(2)
            )

    def rows(self):
        return [(self[f"score_{code}"], self[f"note_{code}"]) for code, _text in self.statements]

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            code: (self.cleaned_data[f"score_{code}"], self.cleaned_data[f"note_{code}"])
            for code, _text in self.statements
        }


class ResearchProjectForm(forms.Form):
    name = forms.CharField(label=_("Name of the project"), max_length=160)
    purpose = FreeText(label=_("Purpose"), max_length=SHORT_TEXT, widget=textarea(3))
    period_start = forms.DateField(label=_("Concerns registered from"), widget=DateInput())
    period_end = forms.DateField(label=_("to"), widget=DateInput())
    fields = forms.MultipleChoiceField(
        label=_("Fields"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, f"{code}: {text}") for code, (text, _quasi) in FIELDS.items()],
        help_text=_("Free text and identity numbers are never extracted."),
    )
