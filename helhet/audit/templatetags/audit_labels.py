from __future__ import annotations

from django import template

from helhet.audit import labels

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return labels.what_was_done(action)


@register.filter
def role_label(role: str) -> str:
    return labels.role_label(role)
