"""Reads for the service directory, always through the access policy."""

from __future__ import annotations

import dataclasses

from django.db.models import Prefetch, Q, QuerySet

from helhet.access import policy
from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.directory.vocabulary import needs_matching


@dataclasses.dataclass(frozen=True)
class DirectoryFilters:
    text: str = ""
    need: str = ""
    sector: str = ""
    age: int | None = None
    low_threshold: bool = False
    include_inactive: bool = False


def _with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.prefetch_related(
        Prefetch("needs", queryset=ServiceNeed.objects.order_by("need")),
        Prefetch("contacts", queryset=ContactPerson.objects.order_by("position", "name")),
    )


def service_search(*, fetched_by, filters: DirectoryFilters) -> QuerySet[Service]:
    """Services of the actor's municipality matching every given filter.

    Free text matches word by word: each word must occur in the service's own text (name,
    description, search words, contact persons) or in the label of a need it helps with, in any
    of our languages — so "skolefravær" and "school absence" find the same services.
    """
    services = policy.services_visible_to(fetched_by)
    if not filters.include_inactive:
        services = services.filter(is_active=True)
    for word in filters.text.casefold().split()[:8]:
        condition = Q(search_text__contains=word)
        codes = needs_matching(word)
        if codes:
            condition |= Q(pk__in=ServiceNeed.objects.filter(need__in=codes).values("service_id"))
        services = services.filter(condition)
    if filters.need:
        services = services.filter(
            pk__in=ServiceNeed.objects.filter(need=filters.need).values("service_id")
        )
    if filters.sector:
        services = services.filter(sector=filters.sector)
    if filters.age is not None:
        services = services.filter(min_age__lte=filters.age, max_age__gte=filters.age)
    if filters.low_threshold:
        services = services.filter(is_low_threshold=True)
    return _with_details(services.order_by("name"))


def service_detail(*, fetched_by, pk: int) -> Service:
    """One service with its needs and contact persons; 404 unless the actor may see it."""
    service = policy.get_service_or_404(fetched_by, pk)
    return _with_details(Service.objects.filter(pk=service.pk)).select_related("municipality").get()
