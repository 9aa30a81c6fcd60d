"""``{% term_hint "coordinator" %}``: a short, collapsed explanation next to a term."""

from __future__ import annotations

from django import template

from helhet.core.glossary import TERMS

register = template.Library()


@register.inclusion_tag("core/_term_hint.html")
def term_hint(code: str) -> dict:
    return {"term": TERMS[code]}  # a KeyError is a template bug, caught by the tests
