from __future__ import annotations

from django import template

from helhet.portal.plain import level_in_plain_words

register = template.Library()


@register.simple_tag
def level_plain(level) -> str:
    return level_in_plain_words(level)
