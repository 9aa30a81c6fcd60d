"""Deleting a row with everything that refers to it.

The domain's foreign keys PROTECT (nothing of a case disappears by accident); when a case's,
a concern's or a child's retention time is over, all of it goes, depth first. The access log's
plain references (DO_NOTHING, no constraint) are not followed: events keep their opaque ids.
"""

from __future__ import annotations

from collections import Counter

from django.db import models
from django.db.models.deletion import get_candidate_relations_to_delete

CHUNK = 500


def purge(model: type[models.Model], ids: list[int], rows: Counter) -> None:
    """Delete ``model``'s rows ``ids`` and, first, every row that refers to them. ``rows`` counts
    what went, by model label. Run it inside the deleting transaction (with a deletion permit,
    helhet.retention.services)."""
    if not ids:
        return
    for relation in get_candidate_relations_to_delete(model._meta):
        if relation.on_delete in (models.DO_NOTHING, models.SET_NULL, models.SET_DEFAULT):
            continue  # the access log's references stay; Django nulls the rest
        related = relation.related_model
        for chunk in _chunks(ids):
            dependents = list(
                related._base_manager.filter(**{f"{relation.field.name}__in": chunk}).values_list(
                    "pk", flat=True
                )
            )
            purge(related, dependents, rows)
    for chunk in _chunks(ids):
        _total, by_model = model._base_manager.filter(pk__in=chunk).delete()
        rows.update({label: n for label, n in by_model.items() if n})


def reachable_models(model: type[models.Model]) -> set[str]:
    """The labels of every model ``purge`` may delete rows of, starting from ``model`` (for the
    test that each of them is named in docs/retention.md)."""
    seen: set[str] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current._meta.label in seen:
            continue
        seen.add(current._meta.label)
        for relation in get_candidate_relations_to_delete(current._meta):
            if relation.on_delete not in (models.DO_NOTHING, models.SET_NULL, models.SET_DEFAULT):
                todo.append(relation.related_model)
    return seen


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
