"""Forms for registering and deciding concerns, and for finding or registering the child first.

The forms check what a person can see at a glance (a required field, a date in the future); the
services check the domain rules again and raise ``DomainError``, shown with ``add_domain_error``.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import ConcernStatus
from helhet.cases.selectors.concerns import collaboration_levels
from helhet.cases.vocabulary import DECISION_CHOICES, WORRY_MAX
from helhet.core import clock
from helhet.core.forms import DateInput
from helhet.core.forms import textarea as _textarea
from helhet.core.text import LONG_TEXT, NAME, NAME_PART, PHONE, RECORD, SHORT_TEXT, FreeText
from helhet.directory.models import Service
from helhet.people import nordic_id
from helhet.people.models import PortalRestriction, Relation
from helhet.tenancy.levels import level_description
from helhet.tenancy.models import Level, Municipality

# --- find the child first ------------------------------------------------------------------------


class ChildSearchForm(forms.Form):
    """Duplicate prevention: find the child by identity number, or by family name + birth date."""

    national_id = forms.CharField(
        label=_("National identity number"),
        required=False,
        max_length=20,
        help_text=_("11 digits. Leave empty to search by family name and date of birth."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    family_name = FreeText(
        label=_("Family name"),
        required=False,
        max_length=NAME_PART,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())

    def __init__(self, *args, country: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("national_id") or "").strip()
        typed_date = cleaned.get("date_of_birth") or "date_of_birth" in self._errors
        if number and self.country and not typed_date:
            # The number contains the birth date: fill it in, and show it when the page comes
            # back. A bad number is left to the search, which says what is wrong with it.
            try:
                birth_date = nordic_id.parse(number, self.country).birth_date
            except ValidationError:
                return cleaned
            cleaned["date_of_birth"] = birth_date
            self["date_of_birth"].help_text = _("Read from the identity number.")
            self.data = self.data.copy()
            self.data[self.add_prefix("date_of_birth")] = birth_date.isoformat()
        return cleaned

    def search_terms(self) -> dict:
        """What the search selector checks and looks up (``child_lookup``)."""
        data = self.cleaned_data
        return {
            "national_id": data["national_id"].strip(),
            "family_name": (data["family_name"] or "").strip(),
            "date_of_birth": data["date_of_birth"],
        }


# --- register a new child ------------------------------------------------------------------------


class ChildRegisterForm(forms.Form):
    given_name = FreeText(label=_("Given name"), max_length=NAME_PART)
    family_name = FreeText(label=_("Family name"), max_length=NAME_PART)
    date_of_birth = forms.DateField(label=_("Date of birth"), widget=DateInput())
    national_id = forms.CharField(
        label=_("National identity number"),
        required=False,
        max_length=20,
        help_text=_("Optional. Fill it in if you know it: it prevents duplicate registrations."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def child_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "given_name": data["given_name"].strip(),
            "family_name": data["family_name"].strip(),
            "date_of_birth": data["date_of_birth"],
            "national_id": data["national_id"].strip() or None,
        }


class GuardianForm(forms.Form):
    name = FreeText(label=_("Name"), max_length=NAME)
    relation = forms.ChoiceField(
        label=_("Relation to the child"), choices=[("", "—"), *Relation.choices]
    )
    has_parental_responsibility = forms.BooleanField(
        label=_("Has parental responsibility"),
        required=False,
        help_text=_("Guardians consent on behalf of a child below the consent age."),
    )
    phone = FreeText(label=_("Phone"), max_length=PHONE, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    national_id = FreeText(
        label=_("Identity number"),
        max_length=13,
        required=False,
        help_text=_("Lets the guardian log in to the family portal with their e-ID."),
    )
    portal_restriction = forms.ChoiceField(
        label=_("Access to the family portal"),
        choices=[("", _("Not restricted")), *PortalRestriction.choices],
        required=False,
        help_text=_("A restricted guardian sees nothing of the child in the portal."),
    )

    def guardian_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "relation": data["relation"],
            "has_parental_responsibility": data["has_parental_responsibility"],
            "phone": data["phone"].strip(),
            "email": data["email"].strip(),
            "national_id": data["national_id"].strip() or None,
            "portal_restriction": data["portal_restriction"],
        }


class OptionalGuardianForm(GuardianForm):
    """A guardian who may be left out: nothing is required until something is filled in.

    Its fields are not marked required on the page (no asterisk), since an empty form is fine;
    once any field is filled in, the fields a guardian needs are required as usual, with the
    usual message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_permitted", True)
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        self.required_when_filled = [n for n, f in self.fields.items() if f.required]
        for name in self.required_when_filled:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        if self.has_changed():
            for name in self.required_when_filled:
                if name not in self._errors and cleaned.get(name) in self.fields[name].empty_values:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned


def guardian_forms(data=None, *, initial_responsibility: bool = True) -> list[GuardianForm]:
    """The first guardian is required; the second may be left empty (and is then ignored)."""
    first = GuardianForm(
        data,
        prefix="guardian1",
        initial={"has_parental_responsibility": initial_responsibility},
    )
    second = OptionalGuardianForm(data, prefix="guardian2")
    return [first, second]


class ChildAddNationalIdForm(forms.Form):
    """Which child gets the number typed ("Add this number to the existing child")."""

    existing_child = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    national_id = forms.CharField(max_length=20)


# --- the concern ---------------------------------------------------------------------------------


def _worry_choices() -> list[tuple[int, str]]:
    choices = [(n, str(n)) for n in range(WORRY_MAX + 1)]
    choices[0] = (0, _("0 – not worried"))
    choices[WORRY_MAX] = (WORRY_MAX, _("10 – very worried"))
    return choices


class ConcernForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Your service"),
        queryset=Service.objects.none(),
        help_text=_("The service you register the concern for. Its leaders will see it."),
    )
    observation = FreeText(
        label=_("What do you observe?"),
        max_length=LONG_TEXT,
        help_text=_("Describe what you have seen and heard, as concretely as you can."),
        widget=_textarea(5),
    )
    strengths = FreeText(
        label=_("What is working well?"),
        max_length=LONG_TEXT,
        help_text=_("Strengths of the child and of the people around the child."),
        widget=_textarea(4),
    )
    child_voice = FreeText(
        label=_("What does the child say, in their own words?"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(4),
    )
    child_not_asked_reason = FreeText(
        label=_("If you have not asked the child: why not?"),
        max_length=SHORT_TEXT,
        required=False,
        widget=_textarea(2),
    )
    worry = forms.TypedChoiceField(
        label=_("How worried are you? (0–10)"),
        choices=_worry_choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    decision_due = forms.DateField(label=_("Decide by"), widget=DateInput())
    once_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, services, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        service_list = list(services)
        if len(service_list) == 1:
            self.fields["service"].initial = service_list[0].pk
        days = municipality.concern_decision_days
        self.fields["decision_due"].initial = clock.today() + datetime.timedelta(days=days)
        self.fields["decision_due"].help_text = _(
            "Your municipality decides on a concern within %(days)s days."
        ) % {"days": days}

    def clean(self):
        cleaned = super().clean()
        voice = (cleaned.get("child_voice") or "").strip()
        reason = (cleaned.get("child_not_asked_reason") or "").strip()
        if not voice and not reason:
            self.add_error(
                "child_voice", _("Write what the child says, or why the child was not asked.")
            )
        due = cleaned.get("decision_due")
        if due is not None and due < clock.today():
            self.add_error("decision_due", _("The decision date cannot be in the past."))
        return cleaned

    def concern_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "service": data["service"],
            "observation": data["observation"],
            "strengths": data["strengths"],
            "child_voice": data["child_voice"],
            "child_not_asked_reason": data["child_not_asked_reason"],
            "worry": data["worry"],
            "decision_due": data["decision_due"],
        }


# --- the decision --------------------------------------------------------------------------------


class ConcernDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    note = FreeText(
        label=_("Reason or note"),
        max_length=SHORT_TEXT,
        required=False,
        help_text=_("Required when you close the concern."),
        widget=_textarea(3),
    )
    level = forms.ModelChoiceField(
        label=_("Level of collaboration"),
        queryset=Level.objects.none(),
        required=False,
        widget=forms.RadioSelect,
    )
    report_content = FreeText(
        label=_("What you report to child welfare"),
        max_length=RECORD,
        required=False,
        widget=_textarea(5),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = collaboration_levels(municipality).select_related("model")

    def level_options(self) -> list[tuple[Level, str]]:
        """Each level offered, with its one-line explanation from the level model."""
        return [(level, level_description(level)) for level in self.fields["level"].queryset]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == ConcernStatus.CLOSED and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Give the reason for closing the concern."))
        if decision == ConcernStatus.COLLABORATION and cleaned.get("level") is None:
            self.add_error("level", _("Choose the level of collaboration."))
        if decision == ConcernStatus.REPORTED and not (cleaned.get("report_content") or "").strip():
            self.add_error("report_content", _("Write what you report to child welfare."))
        return cleaned
