"""Forms of the pathway pages: they only parse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import textarea
from helhet.core.text import SHORT_TEXT, FreeText

MAX_TEMPLATE_BYTES = 200 * 1024


class PathwayStartForm(forms.Form):
    template = forms.TypedChoiceField(label=_("Pathway"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, name) for t, name in templates]


class StepDoneForm(forms.Form):
    note = FreeText(
        label=_("What was done"), max_length=SHORT_TEXT, required=False, widget=textarea(3)
    )


class StopForm(forms.Form):
    reason = FreeText(label=_("Why the pathway stops"), max_length=SHORT_TEXT, widget=textarea(2))


class TemplateImportForm(forms.Form):
    file = forms.FileField(label=_("Pathway file (JSON)"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("A pathway file is at most 200 kB."))
        return file
