from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from helhet.access import policy
from helhet.core.glossary import TERMS

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def healthz(request):
    """Liveness and database readiness for load balancers and monitoring; no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    professional = policy.actor_professional(request.user)
    memberships, advised = [], []
    if professional is not None:
        memberships = professional.memberships.select_related("service").order_by("service__name")
    else:  # a network's learning consultant works for no municipality
        advised = list(policy.networks_advised(request.user).order_by("name"))
    return render(
        request,
        "core/home.html",
        {"professional": professional, "memberships": memberships, "advised": advised},
    )


@require_GET
def terms(request):
    """The glossary: open to everyone, as it holds no personal data."""
    return render(request, "core/terms.html", {"terms": list(TERMS.values())})
