from __future__ import annotations

from django.conf import settings

# The idle warning opens this long before the session ends.
_IDLE_WARNING_SECONDS = 120


def helhet(request):
    """What every page needs: demo flag, the signed-in professional (if any), the idle timeout."""
    from helhet.people.selectors import professional_of

    user = getattr(request, "user", None)
    professional = professional_of(user)
    idle_seconds = settings.HELHET_SESSION_IDLE_MINUTES * 60
    return {
        "helhet_demo": settings.HELHET_DEMO,
        "current_professional": professional,
        "session_idle_seconds": idle_seconds if user and user.is_authenticated else 0,
        "session_warn_seconds": min(_IDLE_WARNING_SECONDS, idle_seconds // 2),
    }
