"""Bounded, clean free text: the size of every free-text field, and the one cleaning rule.

Every field where a person types text is bounded by one of the limits below; models (as
``max_length``), forms and API serializers take the same constant, so a limit is changed in one
place. ``docs/text-limits.md`` lists each field with its limit and why.

Both doors clean what is typed in the same way (``clean_input``): the Unicode bidirectional
controls U+202A–U+202E and U+2066–U+2069 are removed, and a line break counts as one character.
Those controls are invisible; in a stored text they let a legal record be shown in another order
than it was written ("Trojan Source"). They are removed, not refused, because a person cannot see
them and so cannot remove them: they arrive unnoticed with text pasted from word processors,
e-mails and phone contacts (e.g. ``\\u202a+47 912 34 567\\u202c``). Removing them changes no
letter of what was written; the reading order of right-to-left scripts still follows from the
letters themselves.

The services are the last line (``check_text``): text that reaches them too long or with those
controls (a future import, a script) is refused with a ``DomainError``, never silently changed.

Example::

    class LogEntryForm(forms.Form):
        text = FreeText(max_length=RECORD, widget=forms.Textarea)

    def log_entry_add(*, text, ...):
        check_text(text, limit=RECORD, field="text")
"""

from __future__ import annotations

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhet.core.errors import DomainError

# --- the limits, in characters (as Python counts them: code points) ----------------------------

# One line.
SEARCH = 100  # a search query (never stored)
NAME_PART = 120  # a given name or a family name
FREQUENCY = 120  # how often a measure takes place
NAME = 160  # a person's full name, a service's name
ROLE = 160  # a title, a role in a case or a service
PHONE = 40
LANGUAGE = 60  # a preferred language
LINE = 200  # a place, an address, opening hours, why someone left a team
KEYWORDS = 300  # search words of a service, what to ask a contact person about

# Several lines.
SHORT_TEXT = 2_000  # a reason, a note, a meeting's decision, how to get in touch
TEXT = 5_000  # a goal, a measure, an agenda, the purpose of sharing, a service's description
LONG_TEXT = 10_000  # what one observes, strengths, worries, the child's words, an evaluation
RECORD = 20_000  # a log entry as written, a meeting's summary, a report to child welfare

# The log's text column: an entry as written (RECORD), or one the system composes from bounded
# parts (the minutes: summary + the child's words + ten decisions ≈ 52,000 at most).
LOG_STORED = 100_000

# --- the cleaning rule --------------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_WITHOUT_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(value: str) -> str:
    """``value`` without the bidirectional embedding, override and isolate controls."""
    return value.translate(_WITHOUT_BIDI)


def has_bidi(value: str) -> bool:
    return any(char in value for char in BIDI_CONTROLS)


def clean_input(value: str) -> str:
    """What both doors do to typed text before checking it: remove the bidi controls, and
    count a line break as one character (browsers send a textarea's breaks as CR LF)."""
    return strip_bidi(value).replace("\r\n", "\n")


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def too_long_message(limit: int, length: int) -> str:
    return ngettext(
        "Keep it to at most %(limit)s character (you wrote %(length)s).",
        "Keep it to at most %(limit)s characters (you wrote %(length)s).",
        limit,
    ) % {"limit": _number(limit), "length": _number(length)}


def bidi_message() -> str:
    return _(
        "The text contains invisible characters that change the reading direction (Unicode "
        "bidirectional controls). Nothing was saved."
    )


@deconstructible
class LengthLimit(validators.MaxLengthValidator):
    """Django's maximum length, with a message that gives the limit and the current length
    (a subclass, so that the API schema still shows ``maxLength``)."""

    code = "max_length"

    def __call__(self, value):
        length = len(value)
        if length > self.limit_value:
            raise ValidationError(too_long_message(self.limit_value, length), code=self.code)


def check_text(value: str, *, limit: int, field: str | None = None) -> None:
    """The services' last line: refuse free text longer than ``limit`` or with bidi controls.

    Raises ``DomainError`` naming ``field`` (as the forms and the API name it)."""
    if has_bidi(value):
        raise DomainError(bidi_message(), field=field)
    if len(value) > limit:
        raise DomainError(too_long_message(limit, len(value)), field=field)


def is_free_text(db_field) -> bool:
    """A model field a person types into: a plain CharField or TextField with a limit (not an
    e-mail, a URL or a choice)."""
    return (
        type(db_field) in (models.CharField, models.TextField)
        and not db_field.choices
        and bool(db_field.max_length)
    )


def check_model_texts(model, values: dict, *, prefix: str = "") -> None:
    """``check_text`` for each free-text field of ``model`` in ``values`` (field name → value),
    by the model's own ``max_length``; the error names ``prefix + name``."""
    for name, value in values.items():
        db_field = model._meta.get_field(name)
        if is_free_text(db_field) and isinstance(value, str):
            check_text(value, limit=db_field.max_length, field=f"{prefix}{name}")


# --- the web door -------------------------------------------------------------------------------


class FreeText(forms.CharField):
    """A form field for typed text: cleaned by ``clean_input``, then bounded by ``max_length``
    with ``LengthLimit``'s message.

    A multi-line field gets no ``maxlength`` attribute: a browser cuts pasted text at that length
    without a word, and the lost end of a legal record would go unnoticed. The server refuses it
    instead, and the form shows all that was typed."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            v for v in self.validators if type(v) is not validators.MaxLengthValidator
        ]
        self.validators.append(LengthLimit(max_length))

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_input(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.Textarea):
            attrs.pop("maxlength", None)
        return attrs


def formfield(db_field, **kwargs):
    """``formfield_callback`` of a ModelForm: free-text model fields become ``FreeText`` with
    the model's ``max_length`` (e-mail, URL and choice fields stay as they are)."""
    if is_free_text(db_field):
        return db_field.formfield(form_class=FreeText, **kwargs)
    return db_field.formfield(**kwargs)


def decode_export(raw: bytes) -> str:
    """A CSV export from a school or register system: UTF-8 (with or without a byte-order mark),
    else Latin-1, as older systems write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
