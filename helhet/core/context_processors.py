from __future__ import annotations

from django.conf import settings


def helhet(request):
    """What every page needs: demo flag and the signed-in professional (if any)."""
    from helhet.people.selectors import professional_of

    professional = professional_of(getattr(request, "user", None))
    return {
        "helhet_demo": settings.HELHET_DEMO,
        "current_professional": professional,
    }
