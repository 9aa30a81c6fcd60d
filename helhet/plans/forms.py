"""Forms of the plan and the meetings. Each carries the case version it was shown with, so a
form filled in on a stale page is refused by the service instead of overwriting a colleague."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import DateInput, DateTimeInput, VersionedForm, textarea
from helhet.core.text import (
    FREQUENCY,
    LINE,
    LONG_TEXT,
    RECORD,
    SHORT_TEXT,
    TEXT,
    FreeText,
)
from helhet.plans.models import DecisionOutcome, GoalStatus, MeasureStatus, WhoseWords


class NameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class TranslatedNameChoiceField(forms.ModelChoiceField):
    """Built-in life areas are stored in English and shown in the user's language."""

    def label_from_instance(self, obj) -> str:
        return gettext(obj.name)


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


def offer_covered_services(field: NameChoiceField, services, *, covered, consent_url) -> bool:
    """Offer only the services covered by consent or a lawful basis (``covered``: the ids the
    access policy worked out), and say under the field how to add another.

    The field still parses every service in ``services`` (the municipality's): a service sent
    anyway reaches the plan service, whose rule refuses it with its own message. Returns
    whether any service is offered.
    """
    field.queryset = services
    offered = [s for s in services if s.pk in covered]
    field.widget.choices = [("", field.empty_label), *((s.pk, s.name) for s in offered)]
    listed = _("Only services covered by the family's consent are listed.")
    if consent_url:
        field.help_text = format_html(
            '{} <a class="ds-link" href="{}">{}</a>',
            listed,
            consent_url,
            _("To add another service, record consent for it first."),
        )
    else:
        field.help_text = format_html(
            "{} {}", listed, _("To add another service, record consent for it first.")
        )
    return bool(offered)


class ChildVoiceForm(VersionedForm):
    """The required section on what the child or young person says, or why they were not asked."""

    child_voice = FreeText(
        label=_("What does the child or young person say, in their own words?"),
        max_length=LONG_TEXT,
        required=False,
        widget=textarea(4),
    )
    child_not_asked_reason = FreeText(
        label=_("If the child was not asked: why not?"),
        max_length=SHORT_TEXT,
        required=False,
        widget=textarea(2),
    )

    def clean(self):
        cleaned = super().clean()
        voice = (cleaned.get("child_voice") or "").strip()
        reason = (cleaned.get("child_not_asked_reason") or "").strip()
        if not voice and not reason:
            self.add_error(
                "child_voice", _("Write what the child says, or why the child was not asked.")
            )
        return cleaned


# --- goals and measures ------------------------------------------------------------------------


class GoalForm(VersionedForm):
    text = FreeText(
        label=_("The goal"),
        max_length=TEXT,
        widget=textarea(3),
        help_text=_(
            "Where possible in the child's or young person's own words, e.g. “I want to go to "
            "school every day and have someone to be with in the breaks.”"
        ),
    )
    whose_words = forms.ChoiceField(
        label=_("Whose words are these?"),
        choices=WhoseWords.choices,
        widget=forms.RadioSelect,
        initial=WhoseWords.CHILD,
    )
    life_area = TranslatedNameChoiceField(label=_("Life area"), queryset=None)
    responsible_service = NameChoiceField(
        label=_("Service responsible for the goal"), queryset=None
    )

    def __init__(
        self,
        *args,
        life_areas,
        services,
        covered: frozenset[int],
        consent_url: str | None = None,
        with_status: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["life_area"].queryset = life_areas
        self.offers_services = offer_covered_services(
            self.fields["responsible_service"], services, covered=covered, consent_url=consent_url
        )
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"), choices=GoalStatus.choices, widget=forms.RadioSelect
            )


class MeasureForm(VersionedForm):
    description = FreeText(label=_("What will be done"), max_length=TEXT, widget=textarea(3))
    service = NameChoiceField(label=_("Service"), queryset=None)
    responsible = ProfessionalChoiceField(
        label=_("Responsible"),
        queryset=None,
        help_text=_("A member of the team; add them to the team first if they are missing."),
    )
    starts_on = forms.DateField(label=_("Start"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("End"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty for an ongoing measure, and say how often below."),
    )
    frequency = FreeText(
        label=_("How often"),
        required=False,
        max_length=FREQUENCY,
        help_text=_("For example “every Tuesday, 45 minutes”."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=MeasureStatus.choices,
        widget=forms.RadioSelect,
        initial=MeasureStatus.PLANNED,
    )

    def __init__(
        self,
        *args,
        services,
        professionals,
        covered: frozenset[int],
        consent_url: str | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.offers_services = offer_covered_services(
            self.fields["service"], services, covered=covered, consent_url=consent_url
        )
        self.fields["responsible"].queryset = professionals

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The measure cannot end before it starts."))
        if "ends_on" not in self.errors and not ends and not cleaned.get("frequency", "").strip():
            self.add_error("ends_on", _("Give an end date, or how often the measure takes place."))
        return cleaned


# --- evaluation --------------------------------------------------------------------------------


def _scale_choices(blank_label=None):
    choices = [(str(n), str(n)) for n in range(11)]
    return [("", blank_label), *choices] if blank_label else choices


class EvaluationScheduleForm(VersionedForm):
    due = forms.DateField(label=_("Evaluate the plan by"), widget=DateInput)


class EvaluationForm(ChildVoiceForm):
    evaluated_on = forms.DateField(label=_("Date of the evaluation"), widget=DateInput)
    worked = FreeText(label=_("What worked?"), max_length=LONG_TEXT, widget=textarea(3))
    did_not_work = FreeText(label=_("What did not work?"), max_length=LONG_TEXT, widget=textarea(3))
    next_steps = FreeText(label=_("What next?"), max_length=LONG_TEXT, widget=textarea(3))
    child_scale = forms.TypedChoiceField(
        label=_("How is it going, according to the child or the family? (0–10)"),
        choices=_scale_choices(_("Not given")),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("0 is very bad, 10 is very good."),
    )
    team_scale = forms.TypedChoiceField(
        label=_("How is it going, according to the team? (0–10)"),
        choices=_scale_choices(_("Choose")),
        coerce=int,
        empty_value=None,
    )
    is_final = forms.BooleanField(
        label=_("This is the final evaluation (the case is about to close)"), required=False
    )
    next_evaluation_due = forms.DateField(
        label=_("Next evaluation"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty after a final evaluation."),
    )

    # The child's voice first: it is what the evaluation is about.
    field_order = [
        "evaluated_on",
        "child_voice",
        "child_not_asked_reason",
        "child_scale",
        "worked",
        "did_not_work",
        "next_steps",
        "team_scale",
        "is_final",
        "next_evaluation_due",
    ]


# --- meetings ----------------------------------------------------------------------------------


class GuardianChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_relation_display()})"


class ProfessionalsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class MeetingForm(VersionedForm):
    starts_at = forms.DateTimeField(label=_("Time"), widget=DateTimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), initial=60, min_value=15, max_value=480
    )
    place = FreeText(label=_("Place"), required=False, max_length=LINE)
    video_link = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Optional, https:// only."),
    )
    agenda = FreeText(label=_("Agenda"), max_length=TEXT, widget=textarea(5))
    child_takes_part = forms.BooleanField(
        label=_("The child or young person takes part"), required=False, initial=True
    )
    guardians = GuardianChoiceField(
        label=_("Guardians and others taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professionals = ProfessionalsChoiceField(
        label=_("Team members taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, guardians, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].queryset = guardians
        self.fields["professionals"].queryset = professionals

    def clean(self):
        cleaned = super().clean()
        no_place = not (cleaned.get("place") or "").strip()
        if no_place and not cleaned.get("video_link") and "video_link" not in self.errors:
            self.add_error("place", _("Give the place, a video link, or both."))
        return cleaned


class MeetingMinutesForm(ChildVoiceForm):
    summary = FreeText(
        label=_("Summary"),
        max_length=RECORD,
        widget=textarea(6),
        help_text=_("Written so the child and the family can read it. It goes to the log."),
    )
    field_order = ["summary", "child_voice", "child_not_asked_reason"]


class DecisionForm(forms.Form):
    """One decision of the meeting; an untouched row is ignored."""

    text = FreeText(label=_("Decision"), max_length=SHORT_TEXT, widget=textarea(2))
    responsible = ProfessionalChoiceField(label=_("Responsible"), queryset=None)
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput)
    outcome = forms.ChoiceField(
        label=_("Becomes"),
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        initial=DecisionOutcome.MEASURE,
    )
    goal = forms.ModelChoiceField(
        label=_("Goal the measure serves"),
        queryset=None,
        required=False,
        help_text=_("Needed when the decision becomes a measure."),
    )

    def __init__(self, *args, professionals, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = professionals
        self.fields["goal"].queryset = goals
        self.fields["goal"].label_from_instance = lambda g: g.text[:80]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == DecisionOutcome.MEASURE and not cleaned.get("goal"):
            self.add_error("goal", _("Choose the goal the measure serves."))
        return cleaned


DecisionFormSet = forms.formset_factory(DecisionForm, extra=3, max_num=10, validate_max=True)


class MeetingCancelForm(VersionedForm):
    reason = FreeText(
        label=_("Why is the meeting cancelled?"), max_length=SHORT_TEXT, widget=textarea(3)
    )


class PlanOnDateForm(forms.Form):
    on = forms.DateField(label=_("Show the plan as it was on"), widget=DateInput)
