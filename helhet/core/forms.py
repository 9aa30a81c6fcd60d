"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms

from helhet.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a refused domain rule next to its field, or at the top of the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class VersionedForm(forms.Form):
    """A form that carries the case version it was shown with, so a stale form is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
