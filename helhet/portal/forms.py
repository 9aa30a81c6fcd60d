"""Forms of the portal. They only parse; the services decide (and say why not)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.access.policy.portal import PORTAL_SECTIONS
from helhet.core.forms import DateInput
from helhet.core.forms import textarea as _textarea
from helhet.core.text import LINE, LONG_TEXT, NAME_PART, PHONE, FreeText
from helhet.portal.models import ContactWay

SECTION_LABELS = {
    "overview": _("Who is on the team, and what happens next"),
    "plan": _("The plan"),
    "meetings": _("Meetings and what was said there"),
    "log": _("The log"),
}


class WhatMattersForm(forms.Form):
    what_matters = FreeText(
        label=_("What matters to you?"),
        max_length=LONG_TEXT,
        widget=_textarea(5),
        help_text=_("Write in your own words. The team reads it before the meeting."),
    )
    scale = forms.TypedChoiceField(
        label=_("How are things going right now? 0 is very bad, 10 is very good."),
        choices=[("", _("I don't want to answer"))] + [(str(i), str(i)) for i in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    meeting = forms.TypedChoiceField(
        label=_("Before which meeting?"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [("", _("Not for a particular meeting"))] + [
            (str(m.pk), m.starts_at) for m in meetings
        ]


class SharingForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=_("What may your guardians see?"),
        choices=[(s, SECTION_LABELS[s]) for s in PORTAL_SECTIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nothing ticked: your guardians do not see your case in the portal."),
    )


class HelpRequestForm(forms.Form):
    who = forms.ChoiceField(label=_("Who needs help?"), widget=forms.RadioSelect)
    municipality = forms.TypedChoiceField(label=_("Municipality"), coerce=int, required=False)
    child_given_name = FreeText(
        label=_("The child's first name"), max_length=NAME_PART, required=False
    )
    child_family_name = FreeText(
        label=_("The child's last name"), max_length=NAME_PART, required=False
    )
    child_date_of_birth = forms.DateField(
        label=_("The child's date of birth"), widget=DateInput, required=False
    )
    child_national_id = FreeText(
        label=_("The child's identity number (if you know it)"), max_length=13, required=False
    )
    need = FreeText(
        label=_("What do you need help with?"),
        max_length=LONG_TEXT,
        widget=_textarea(6),
        help_text=_("Write as much or as little as you like. You can say more when we talk."),
    )
    service = forms.TypedChoiceField(
        label=_("Which service would you like help from?"), coerce=int, required=False
    )
    contact_way = forms.ChoiceField(
        label=_("How should we contact you?"), choices=ContactWay.choices, widget=forms.RadioSelect
    )
    phone = FreeText(label=_("Phone"), max_length=PHONE, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    best_time = FreeText(label=_("When is a good time?"), max_length=LINE, required=False)

    def __init__(self, *args, who_choices, municipalities, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = who_choices
        self.fields["municipality"].choices = [("", _("Choose"))] + [
            (str(m.pk), m.name) for m in municipalities
        ]
        self.fields["service"].choices = [("", _("I don't know – the municipality decides"))] + [
            (str(s.pk), f"{s.name} ({s.municipality.name})") for s in services
        ]
