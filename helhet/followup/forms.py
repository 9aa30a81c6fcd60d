"""Forms of the follow-up register: they only parse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from helhet.core import clock
from helhet.core.forms import DateInput, textarea
from helhet.core.text import SHORT_TEXT, FreeText
from helhet.followup.models import ContactKind, FollowUpStatus, MeasureKind, MeasureOutcome


class RegisterImportForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Follow-up service"), queryset=None)
    file = forms.FileField(
        label=_("Register file (CSV)"),
        help_text=_(
            "From the school register: the columns national_id, reason (left or never_started) "
            "and since (YYYY-MM-DD)."
        ),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("A register file is at most 5 MB."))
        return file


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=FollowUpStatus.choices)
    on = forms.DateField(label=pgettext_lazy("starting date", "From"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "status_%s")  # beside the contact form on one page
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()


class ContactForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("How"), choices=ContactKind.choices)
    reached = forms.BooleanField(label=_("I reached the young person"), required=False)
    note = FreeText(label=_("Note"), max_length=SHORT_TEXT, required=False, widget=textarea(3))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contact_%s")
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    offered_on = forms.DateField(label=_("Offered on"), widget=DateInput())
    note = FreeText(label=_("Note"), max_length=SHORT_TEXT, required=False, widget=textarea(2))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "measure_%s")
        super().__init__(*args, **kwargs)
        self.fields["offered_on"].initial = clock.today()


class MeasureOutcomeForm(forms.Form):
    """What came of one measure (prefixed with the measure: one form per measure on a page)."""

    outcome = forms.ChoiceField(
        label=_("What came of it"),
        choices=[c for c in MeasureOutcome.choices if c[0] != MeasureOutcome.OFFERED],
    )
    on = forms.DateField(label=pgettext_lazy("starting date", "From"), widget=DateInput())

    def __init__(self, *args, outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = clock.today()
        if outcomes is not None:  # shown: only what can follow the measure's outcome now
            self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]


class CountForm(forms.Form):
    on = forms.DateField(label=_("Count on"), widget=DateInput(), required=False)
