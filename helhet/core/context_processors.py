from __future__ import annotations

from django.conf import settings


def helhet(request):
    """What every page needs: demo flag and the signed-in professional (if any)."""
    user = getattr(request, "user", None)
    professional = getattr(user, "professional", None) if user and user.is_authenticated else None
    return {
        "helhet_demo": settings.HELHET_DEMO,
        "current_professional": professional,
    }
