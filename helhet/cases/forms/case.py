"""Forms of the case page's actions. Each carries the case version it was shown with
(``VersionedForm``), so that a form filled in on a stale page is refused by the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import LogKind
from helhet.cases.services.log import AUTHORED_KINDS
from helhet.consent.models import ConsentMethod, GivenBy, LawfulBasisKind
from helhet.core import clock
from helhet.core.forms import DateInput, VersionedForm
from helhet.core.forms import textarea as _textarea
from helhet.core.text import LINE, LONG_TEXT, RECORD, ROLE, SHORT_TEXT, TEXT, FreeText


class MembershipChoiceField(forms.ModelChoiceField):
    """A professional and the service they would act for, shown as "name – service"."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.professional} – {obj.service.name}"


class ServiceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


# --- log ---------------------------------------------------------------------------------------


class LogEntryForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("What kind of entry?"),
        choices=[(k.value, k.label) for k in LogKind if k in AUTHORED_KINDS],
        widget=forms.RadioSelect,
        initial=LogKind.NOTE,
    )
    text = FreeText(
        label=_("Entry"),
        max_length=RECORD,
        widget=_textarea(6),
        help_text=_(
            "Write so the child and the family could read it: what happened, what was agreed, "
            "who does what by when."
        ),
    )
    strengths = FreeText(
        label=_("What is working well"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(3),
    )
    worries = FreeText(
        label=_("What we are worried about"),
        max_length=LONG_TEXT,
        required=False,
        widget=_textarea(3),
    )


class LogCorrectionForm(VersionedForm):
    text = FreeText(
        label=_("Correction"),
        max_length=RECORD,
        widget=_textarea(5),
        help_text=_(
            "The log is never changed. Your correction is added as a new entry that refers to "
            "the one it corrects."
        ),
    )


# --- team --------------------------------------------------------------------------------------


class TeamAddForm(VersionedForm):
    professional = MembershipChoiceField(
        label=_("Who joins the team?"),
        queryset=None,
        empty_label=_("Choose a person and their service"),
        help_text=_("Only services covered by consent or a lawful basis can take part."),
    )
    role_in_case = FreeText(
        label=_("Role in the case"),
        required=False,
        max_length=ROLE,
        help_text=_("For example: contact person at school, health nurse."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = candidates


class TeamRemoveForm(VersionedForm):
    reason = FreeText(label=_("Why does this person leave the team?"), max_length=LINE)


# --- consent -----------------------------------------------------------------------------------


class ConsentForm(VersionedForm):
    given_by = forms.ChoiceField(
        label=_("Who consented?"), choices=GivenBy.choices, widget=forms.RadioSelect
    )
    guardians = forms.ModelMultipleChoiceField(
        label=_("Guardians who consented"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only guardians with parental responsibility are listed."),
    )
    services = ServiceChoiceField(
        label=_("Services the consent covers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = FreeText(label=_("Purpose of sharing"), max_length=TEXT, widget=_textarea(3))
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty if the consent has no end date."),
    )
    method = forms.ChoiceField(
        label=_("How was the consent given?"),
        choices=ConsentMethod.choices,
        widget=forms.RadioSelect,
    )
    method_note = FreeText(
        label=_("Note"),
        max_length=SHORT_TEXT,
        required=False,
        widget=_textarea(3),
        help_text=_("Required for oral consent: how and when it was given."),
    )

    def __init__(
        self,
        *args,
        guardians,
        services,
        consenters_help: str = "",
        consenters: list[str] | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["guardians"].queryset = guardians
        self.fields["services"].queryset = services
        self.fields["given_by"].help_text = consenters_help
        if consenters is not None:
            # Offer only who may consent at the child's age, but parse every choice: a choice
            # sent anyway reaches the service, whose rule and message decide.
            given_by = self.fields["given_by"]
            given_by.widget.choices = [c for c in given_by.choices if c[0] in consenters]
        if not self.is_bound:
            self.initial.setdefault("valid_from", clock.today())


class ConsentWithdrawForm(VersionedForm):
    note = FreeText(
        label=_("Note on the withdrawal"),
        max_length=SHORT_TEXT,
        required=False,
        widget=_textarea(3),
        help_text=_("For example: who withdrew the consent, and how."),
    )


class LawfulBasisForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Lawful basis"), choices=LawfulBasisKind.choices, widget=forms.RadioSelect
    )
    services = ServiceChoiceField(
        label=_("Services to share with"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    justification = FreeText(
        label=_("Justification"),
        max_length=LONG_TEXT,
        widget=_textarea(6),
        help_text=_(
            "Explain why the information must be shared without consent. The justification is "
            "visible to the whole team and to the data protection officer."
        ),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services


# --- level, handover, closing ------------------------------------------------------------------


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return gettext(obj.name)


class LevelForm(VersionedForm):
    level = LevelChoiceField(
        label=_("New level"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    reason = FreeText(
        label=_("Why does the level change?"), max_length=SHORT_TEXT, widget=_textarea(3)
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = levels


class HandoverProposeForm(VersionedForm):
    to_professional = MembershipChoiceField(
        label=_("Who should take over as coordinator?"),
        queryset=None,
        empty_label=_("Choose a person and their service"),
        help_text=_(
            "You stay the coordinator until they accept. Only services covered by consent or a "
            "lawful basis are listed."
        ),
    )
    reason = FreeText(label=_("Why?"), max_length=SHORT_TEXT, required=False, widget=_textarea(3))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_professional"].queryset = candidates


class CaseCloseForm(VersionedForm):
    reason = FreeText(
        label=_("Why is the case closed?"), max_length=SHORT_TEXT, widget=_textarea(4)
    )


class HandoverRejectForm(VersionedForm):
    reason = FreeText(
        label=_("Why do you say no?"),
        max_length=SHORT_TEXT,
        widget=_textarea(3),
        help_text=_("The coordinator sees your reason and can ask someone else."),
    )
