"""Forms of wellbeing screening: they only parse; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core import clock
from helhet.core.forms import DateInput
from helhet.screening.models import InformedHow, TalkOutcome, Term

MAX_FILE = 5 * 1024 * 1024


class GroupForm(forms.Form):
    service = forms.ModelChoiceField(label=_("School or kindergarten"), queryset=None)
    name = forms.CharField(
        label=_("Name of the group"),
        max_length=60,
        help_text=_("For example the class (5B) or the kindergarten department."),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services


class ClassListForm(forms.Form):
    service = forms.ModelChoiceField(label=_("School or kindergarten"), queryset=None)
    file = forms.FileField(
        label=_("Class list (CSV)"),
        help_text=_(
            "From the school administration system: the columns group, and national_id or pupil_id."
        ),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_FILE:
            raise forms.ValidationError(_("A class list is at most 5 MB."))
        return file


class ChildAddForm(forms.Form):
    national_id = forms.CharField(label=_("The child's identity number"), max_length=20, strip=True)


class StaffAddForm(forms.Form):
    professional = forms.TypedChoiceField(label=_("Staff member"), coerce=int, choices=())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].choices = [(p.pk, str(p)) for p in candidates]


class RoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    areas = forms.TypedMultipleChoiceField(
        label=_("Areas to rate"),
        coerce=int,
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A few areas of the municipality's wellbeing framework."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        today = clock.today()
        self.fields["year"].initial = today.year
        self.fields["term"].initial = Term.SPRING if today.month < 7 else Term.AUTUMN
        self.fields["areas"].choices = [(a.pk, _(a.name)) for a in areas]
        self.fields["areas"].initial = [a.pk for a in areas]


RATING_FIELD = re.compile(r"^rating-(\d+)-(\d+)$")


def ratings_from(data) -> dict[tuple[int, int], str]:
    """The ratings a round's table posts: ``rating-<child>-<area>`` → colour (empty: none)."""
    found = {}
    for name, value in data.items():
        match = RATING_FIELD.match(name)
        if match:
            found[(int(match[1]), int(match[2]))] = value.strip()
    return found


class InformedForm(forms.Form):
    on = forms.DateField(label=_("Told on"), widget=DateInput())
    how = forms.ChoiceField(label=_("How"), choices=InformedHow.choices)
    children = forms.TypedMultipleChoiceField(
        label=_("Whose parents"), coerce=int, choices=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()
        self.fields["children"].choices = [
            (c.pk, f"{c.given_name} {c.family_name}") for c in children
        ]
        self.fields["children"].initial = [c.pk for c in children]


class TalkForm(forms.Form):
    on = forms.DateField(label=_("Talk held on"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("What it led to"), choices=TalkOutcome.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()


class PeriodForm(forms.Form):
    service = forms.ModelChoiceField(label=_("School or kindergarten"), queryset=None)
    period = forms.RegexField(label=_("Term"), regex=r"^\d{4}-(spring|autumn)$", required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
