"""What the system writes in the log, stored as a message and its values, and read in the
reader's language (issue 13.2).

A system entry keeps its English message (the gettext msgid, used as the code) and its values
in ``LogEntry.message``; ``LogEntry.display_text`` renders it when read, in the language of the
page, the PDF or the portal. Values that are themselves words are stored as codes and translated
when rendered: a choice (``choice(GivenBy, "guardians")``), a name the catalogs translate
(``msgid(level.name)``, e.g. the BTI level names) or a name given in several languages
(``texts(template.definition["name"])``, a pathway template's). ``LogEntry.text`` also keeps the
sentence in the municipality's language, for the API, searches and anything that reads the
column.
"""

from __future__ import annotations

import dataclasses
import importlib

from django.utils import translation
from django.utils.translation import gettext


@dataclasses.dataclass(frozen=True)
class LogText:
    template: str  # the English message, marked for translation with gettext_noop
    params: dict

    def as_stored(self) -> dict:
        return {"t": self.template, "p": self.params}

    def render(self, language: str | None = None) -> str:
        if language:
            with translation.override(language):
                return render(self.as_stored())
        return render(self.as_stored())


def choice(choices, value: str, *, lower: bool = False) -> dict:
    """A value of a TextChoices, translated when read (in lower case inside a sentence)."""
    stored = {"choice": f"{choices.__module__}.{choices.__qualname__}", "value": value}
    return {**stored, "lower": True} if lower else stored


@dataclasses.dataclass(frozen=True)
class LogLines:
    """Several messages (or what a person wrote, as is), one per line."""

    lines: list  # of LogText or str

    def as_stored(self) -> dict:
        return {
            "lines": [
                line.as_stored() if isinstance(line, LogText) else {"raw": line}
                for line in self.lines
            ]
        }

    def render(self, language: str | None = None) -> str:
        if language:
            with translation.override(language):
                return render(self.as_stored())
        return render(self.as_stored())


def msgid(value: str) -> dict:
    """A name the catalogs translate (a level's name)."""
    return {"msgid": value}


def texts(value: dict) -> dict:
    """A name given in several languages (``{"en": …, "nb": …}``, a pathway template's), read in
    the reader's language, else English, else the first given."""
    return {"texts": dict(value)}


def date(value) -> dict:
    """A date, written in the reader's date format."""
    return {"date": value.isoformat()}


def _value(value):
    if isinstance(value, dict) and "choice" in value:
        try:
            module, name = value["choice"].rsplit(".", 1)
            choices = getattr(importlib.import_module(module), name)
            label = str(choices(value["value"]).label)
            return label.lower() if value.get("lower") else label
        except (ImportError, AttributeError, ValueError):
            return value["value"]
    if isinstance(value, dict) and "msgid" in value:
        return gettext(value["msgid"]) if value["msgid"] else ""
    if isinstance(value, dict) and "texts" in value:
        given = value["texts"]
        language = (translation.get_language() or "en").split("-")[0]
        return given.get(language) or given.get("en") or next(iter(given.values()), "")
    if isinstance(value, dict) and "date" in value:
        import datetime

        from django.utils import formats

        return formats.date_format(datetime.date.fromisoformat(value["date"]), "SHORT_DATE_FORMAT")
    if isinstance(value, list):
        return ", ".join(str(_value(v)) for v in value)
    return value


def render(stored: dict) -> str:
    """The stored message in the active language."""
    if "lines" in stored:
        return "\n".join(line["raw"] if "raw" in line else render(line) for line in stored["lines"])
    params = {key: _value(value) for key, value in (stored.get("p") or {}).items()}
    return (gettext(stored["t"]) % params).strip()


def display(message: dict | None, text: str) -> str:
    """What the system wrote, in the reader's language; what a person wrote, as written."""
    if message:
        try:
            return render(message)
        except (KeyError, TypeError, ValueError):
            return text  # a message whose wording changed since: the stored sentence
    return text
