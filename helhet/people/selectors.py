"""Reads for people."""

from __future__ import annotations

from helhet.people.models import Child, Professional


def professional_of(user) -> Professional | None:
    """The user's professional profile (cached on the user object), or None."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_helhet_professional"):
        user._helhet_professional = (
            Professional.objects.select_related("municipality").filter(user=user).first()
        )
    return user._helhet_professional


def child_with_network(child) -> Child:
    """A child just written by the caller, with the network prefetched for the answer."""
    return Child.objects.prefetch_related("network").get(pk=child.pk)
