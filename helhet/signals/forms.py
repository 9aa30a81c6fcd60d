"""Forms of the signals pages: they only parse; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from helhet.core.forms import textarea
from helhet.core.text import SHORT_TEXT, FreeText
from helhet.directory.models import Service
from helhet.signals import limits
from helhet.signals.models import AbsenceRule


class AbsenceUploadForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=Service.objects.none())
    file = forms.FileField(
        label=_("Attendance file (CSV or Parquet)"),
        help_text=_(
            "One row per pupil and absence, with the columns national_id or pupil_id, date "
            "(YYYY-MM-DD), lesson (empty for a whole day) and absence_type (documented, "
            "undocumented or guardian_reported)."
        ),
    )
    leave_out_bad_rows = forms.BooleanField(
        label=_("Import the file without the rows that have problems"),
        required=False,
        help_text=_("Only after you have seen which rows they are."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        only = list(schools[:2])
        if len(only) == 1:
            self.fields["school"].initial = only[0].pk

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > limits.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "The file is larger than %(limit)s MB. Split it by month, or ask the "
                    "administrator to import it with the command helhet absence."
                ),
                params={"limit": limits.MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return file


class SignalDismissForm(forms.Form):
    reason = FreeText(
        label=_("Why does the signal need nothing more?"),
        max_length=SHORT_TEXT,
        widget=textarea(3),
        help_text=_("For example: a known illness, agreed with the family and the school nurse."),
    )


class AbsenceRuleForm(forms.ModelForm):
    class Meta:
        model = AbsenceRule
        fields = [
            "kind",
            "threshold",
            "period_days",
            "undocumented_weight",
            "min_lessons",
            "school_level",
            "is_active",
        ]
        widgets = {"kind": forms.RadioSelect}
