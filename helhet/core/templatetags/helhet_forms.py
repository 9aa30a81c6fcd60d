"""The one error summary for every form, and the title's "Error:" when a page shows one.

WCAG 3.3.1 and the Norwegian public sector's pattern (Designsystemet's ErrorSummary, GOV.UK's
error summary): a refused form says so in the page title, and a summary at the top links each
error to its field. The summary is found by ``data-error-summary``; helhet/error-summary.js
moves focus to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext

register = template.Library()

# A label that ends like a sentence takes no colon before its error ("…?: This field" reads badly).
_END_PUNCTUATION = ("?", "!", ".", ":", "…")


@dataclass(frozen=True)
class SummaryItem:
    text: str
    href: str = ""  # the field's id with '#', empty for errors of the whole form


def _forms(values: Iterable) -> list[BaseForm | BaseFormSet]:
    """Forms and formsets among the values, also inside lists and tuples (one level deep)."""
    # type(), not isinstance(): isinstance() asks a lazy object's __class__, which evaluates it
    # (the lazy user or CSRF token of the context would cost a query or a token).
    found: list[BaseForm | BaseFormSet] = []
    for value in values:
        if issubclass(type(value), BaseForm | BaseFormSet):
            found.append(value)
        elif type(value) in (list, tuple):
            found += [v for v in value if issubclass(type(v), BaseForm | BaseFormSet)]
    return found


def _has_errors(form: BaseForm | BaseFormSet, *, validate: bool = False) -> bool:
    """Whether a bound form was refused. Only a form named for the summary is validated here if
    the view did not (a view may stop at the first invalid form); the title's check never
    validates, as a form's clean() may do work (the login form authenticates)."""
    if not form.is_bound:
        return False
    if form._errors is None and not validate:
        return False
    if isinstance(form, BaseFormSet):
        return bool(form.non_form_errors()) or any(form.errors)
    return bool(form.errors)


def _label_and_error(label: str, error: str) -> str:
    label = str(label).strip()
    if not label:
        return str(error)
    if label.endswith(_END_PUNCTUATION):
        return f"{label} {error}"
    return f"{label}: {error}"


def _field_href(field) -> str:
    if field.is_hidden:
        return ""
    # A group of radio buttons or checkboxes is a fieldset; its first input has the "_0" id.
    if field.use_fieldset or field.widget_type in {"radioselect", "checkboxselectmultiple"}:
        return f"#{field.auto_id}_0" if field.auto_id else ""
    element_id = field.id_for_label or field.auto_id
    return f"#{element_id}" if element_id else ""


def summary_items(forms: Iterable[BaseForm | BaseFormSet]) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    for form in forms:
        if not _has_errors(form, validate=True):
            continue
        if isinstance(form, BaseFormSet):
            items += [SummaryItem(str(e)) for e in form.non_form_errors()]
            items += summary_items(form.forms)
            continue
        items += [SummaryItem(str(e)) for e in form.non_field_errors()]
        for field in form:
            for error in field.errors:
                href = _field_href(field)
                text = _label_and_error(field.label, error) if href else str(error)
                items.append(SummaryItem(text, href))
    return items


def _context_forms(context: template.Context) -> list[BaseForm | BaseFormSet]:
    return _forms(context.flatten().values())


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " before the page title when any form on the page was refused (base.html)."""
    if any(_has_errors(form) for form in _context_forms(context)):
        return gettext("Error:") + " "
    return ""


@register.inclusion_tag("core/_error_summary.html")
def error_summary(*forms, sent: bool = False):
    """The summary of the given forms' errors (forms, formsets, or lists of them); nothing when
    they have none. ``sent=True`` for a form that sends rather than saves (the portal's)."""
    return {"items": summary_items(_forms(forms)), "sent": sent}
