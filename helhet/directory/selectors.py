"""Reads for the service directory, always through the access policy."""

from __future__ import annotations

import dataclasses

from django.db.models import (
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from helhet.access import policy
from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.directory.search import FUZZY_MIN_LENGTH, FuzzyWordMatch, query_words
from helhet.directory.vocabulary import needs_close_to, needs_matching


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


# The score of one query word, by where it was found (highest first); a service's score is the
# sum over the words, so a name that also names the need beats a name alone.
NAME_WORD = 16  # a whole word of the name
NAME_START = 12  # the start of a word of the name
NEED = 6  # a label or synonym of a need the service helps with
OWN_TEXT = 2  # anywhere in its own text: description, search words, contact persons …
CLOSE = 1  # only about a letter off (a typo), in its own text or a need's words


def _has_need(codes) -> Q:
    return Q(Exists(ServiceNeed.objects.filter(service_id=OuterRef("pk"), need__in=codes)))


def _word_score_and_match(word: str) -> tuple[Case, Q]:
    """For one folded query word: its score expression, and the condition that it matches."""
    own = Q(search_text__contains=word)
    matched = own
    score = Case(
        When(search_name__contains=f" {word} ", then=NAME_WORD),
        When(search_name__contains=f" {word}", then=NAME_START),
        default=0,
    )
    needs = needs_matching(word)
    if needs:
        matched |= _has_need(needs)
        score += Case(When(_has_need(needs), then=NEED), default=0)
    own_score = [When(own, then=OWN_TEXT)]
    if len(word) >= FUZZY_MIN_LENGTH:
        close = Q(FuzzyWordMatch(F("search_text"), Value(word)))
        close_needs = needs_close_to(word) - needs
        if close_needs:
            close |= _has_need(close_needs)
        matched |= close
        own_score.append(When(close, then=CLOSE))
    score += Case(*own_score, default=0)
    return score, matched


def service_search(*, fetched_by, filters: DirectoryFilters) -> QuerySet[Service]:
    """Services of the actor's municipality matching every given filter, best first.

    Free text matches word by word, and forgives: each word must occur in the service's own text
    (name, description, search words, contact persons) or among the labels and synonyms of a
    need it helps with, in any of our languages — so "skolefravær", "skolefravar", "fravær",
    "school absence", "truancy" and "skolfrånvaro" find the same services — or be about a letter
    from a word there ("skolefravr"). Accents and the Nordic letters are folded
    (helhet.directory.search). Results are ranked: a word of the name, then a need, then the
    rest of the text, then a near miss; ties by name. Runs the same number of queries for any
    number of results.
    """
    services = policy.services_visible_to(fetched_by)
    if not filters.include_inactive:
        services = services.filter(is_active=True)
    scores = []
    for word in list(dict.fromkeys(query_words(filters.text)))[:8]:
        score, matched = _word_score_and_match(word)
        services = services.filter(matched)
        scores.append(score)
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
    if scores:
        services = services.annotate(
            search_score=ExpressionWrapper(sum(scores[1:], scores[0]), IntegerField())
        ).order_by("-search_score", "name", "pk")
    else:
        services = services.order_by("name", "pk")
    return _with_details(services)


def service_detail(*, fetched_by, pk: int) -> Service:
    """One service with its needs and contact persons; 404 unless the actor may see it."""
    service = policy.get_service_or_404(fetched_by, pk)
    return _with_details(Service.objects.filter(pk=service.pk)).select_related("municipality").get()
