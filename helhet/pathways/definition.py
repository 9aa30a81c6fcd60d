"""A pathway template as shared between municipalities: JSON, checked against ``schema.json``
(the documented format) and then for what a schema cannot say — unique step keys, steps that
follow a step that exists, no cycle, known sectors. Texts are per language; they are read in the
reader's language, else English, else the first given."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from helhet.directory.vocabulary import Sector

SCHEMA_PATH = Path(__file__).with_name("schema.json")
BUILTIN = Path(__file__).with_name("builtin")
ROLES = ("contact_teacher", "school_leader")


class DefinitionError(ValueError):
    """The JSON is no valid pathway template; ``problems`` say where and what."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@functools.cache
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def parse(raw: str | bytes) -> dict:
    """The template in ``raw`` JSON, checked; ``DefinitionError`` with every problem found."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DefinitionError([_("The file is not JSON: %(reason)s") % {"reason": exc}]) from exc
    check(data)
    return data


def check(data) -> None:
    problems = [
        _("%(where)s: %(message)s")
        % {
            "where": "/".join(str(p) for p in error.absolute_path) or "(top)",
            "message": error.message,
        }
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    ]
    if problems:
        raise DefinitionError(problems)
    steps = data["steps"]
    keys = [step["key"] for step in steps]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(_("Two steps have the key %(key)s.") % {"key": key})
    for step in steps:
        after = step["due"]["after"]
        if after != "start" and after not in keys:
            problems.append(
                _("Step %(key)s follows %(after)s, which is no step of the pathway.")
                % {"key": step["key"], "after": after}
            )
        if step["responsible"] not in ROLES and step["responsible"] not in Sector.values:
            problems.append(
                _("Step %(key)s: %(who)s is no role or sector Helhet knows.")
                % {"key": step["key"], "who": step["responsible"]}
            )
    if not problems and _has_cycle(steps):
        problems.append(_("The steps follow each other in a circle: no step can start."))
    if problems:
        raise DefinitionError(problems)


def _has_cycle(steps: list[dict]) -> bool:
    follows = {step["key"]: step["due"]["after"] for step in steps}
    for key in follows:
        seen = set()
        while key != "start":
            if key in seen:
                return True
            seen.add(key)
            key = follows[key]
    return False


def text(value: dict | None, language: str | None = None) -> str:
    """A text of the template in the reader's language, else English, else the first."""
    if not value:
        return ""
    language = (language or get_language() or "en").split("-")[0]
    return value.get(language) or value.get("en") or next(iter(value.values()))


def builtin_definitions() -> list[dict]:
    """The templates Helhet ships (helhet/pathways/builtin/*.json), checked; read and checked
    once per process (copies, so that no caller changes the shipped ones)."""
    return copy.deepcopy(_builtin())


@functools.cache
def _builtin() -> list[dict]:
    return [parse(path.read_bytes()) for path in sorted(BUILTIN.glob("*.json"))]
