"""Forms of the data protection officer's retention pages: they parse, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.text import SHORT_TEXT


class HoldForm(forms.Form):
    # From an archived case's page: its child, instead of an identity number.
    child = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    national_id = forms.CharField(
        label=_("The child's or young person's identity number"), max_length=20, required=False
    )
    reason = forms.CharField(
        label=_("Why the hold is needed"),
        help_text=_("A complaint, a court case, a request for access: no more than needed."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SHORT_TEXT,
        required=False,
    )
