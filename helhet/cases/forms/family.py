"""Forms of what the coordinator does for the family's portal: withhold a log entry from the
guardians, ask the family to consent to more sharing. They only parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.cases.forms.case import ServiceChoiceField
from helhet.core.forms import VersionedForm
from helhet.core.forms import textarea as _textarea
from helhet.core.text import SHORT_TEXT, TEXT, FreeText


class LogWithholdForm(VersionedForm):
    reason = FreeText(
        label=_("Why may the guardians not read this entry?"),
        max_length=SHORT_TEXT,
        widget=_textarea(3),
        help_text=_(
            "For example: what the young person said in confidence. The team sees that the entry "
            "is withheld, and why; the guardians do not see the entry in the portal."
        ),
    )


class ProfessionalChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        services = ", ".join(m.service.name for m in obj.memberships.all())
        return f"{obj} – {services}"


class ConsentProposalForm(VersionedForm):
    services = ServiceChoiceField(
        label=_("Services the family is asked to share with"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = FreeText(
        label=_("Why you ask, in plain words"),
        max_length=TEXT,
        widget=_textarea(3),
        help_text=_("The family reads this in the portal before they answer."),
    )
    professionals = ProfessionalChoiceField(
        label=_("Who joins the team when the family says yes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, services, professionals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = services
        self.fields["professionals"].queryset = professionals
