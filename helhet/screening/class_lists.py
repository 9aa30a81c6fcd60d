"""The groups of a school or kindergarten from its administration system's class list: a CSV with
``group`` and ``national_id`` and/or ``pupil_id`` (the school's own id, as in its attendance
files). Every row is checked first: a row without a group or a pupil refuses the file with its
line, nothing half-imported; a pupil no child of the municipality matches is listed, never
guessed. Groups named in the file are created; a child in the group already stays as they are,
so the same file twice changes nothing."""

from __future__ import annotations

import csv
import dataclasses
import io

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.core.text import decode_export
from helhet.people.models import Child
from helhet.screening.models import Group
from helhet.screening.services import PURPOSE, add_child_to_group
from helhet.signals.models import Enrolment

GROUP_NAME = 60


@dataclasses.dataclass
class ClassListImport:
    groups_added: int = 0
    children_added: int = 0
    already: int = 0
    problems: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, what)
    unknown: list[int] = dataclasses.field(default_factory=list)  # lines


class ClassListRefused(Exception):
    def __init__(self, result: ClassListImport):
        super().__init__("the class list has problems")
        self.result = result


def _rows(raw: bytes, result: ClassListImport) -> list[tuple[int, str, str, str]]:
    rows = list(csv.DictReader(io.StringIO(decode_export(raw))))
    if not rows:
        result.problems.append((1, _("The file has no rows.")))
        return []
    header = {(name or "").strip().lower() for name in rows[0]}
    if "group" not in header or not header & {"national_id", "pupil_id"}:
        result.problems.append(
            (1, _("The file must have the column group, and national_id or pupil_id."))
        )
        return []
    parsed = []
    for line, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        group, number, pupil_id = (
            row.get("group", ""),
            row.get("national_id", ""),
            row.get("pupil_id", ""),
        )
        if not group:
            result.problems.append((line, _("the group is empty")))
        elif len(group) > GROUP_NAME:
            result.problems.append((line, _("the group's name is longer than 60 characters")))
        elif not (number or pupil_id):
            result.problems.append((line, _("neither national_id nor pupil_id is filled in")))
        else:
            parsed.append((line, group, number, pupil_id))
    return parsed


def class_list_import(*, imported_by, service_pk: int, raw: bytes) -> ClassListImport:
    service = policy.screening_services_led(imported_by).filter(pk=service_pk).first()
    if service is None:
        raise Http404
    result = ClassListImport()
    parsed = _rows(raw, result)
    if result.problems:
        raise ClassListRefused(result)
    by_number = {
        c.national_id: c
        for c in Child.objects.filter(
            municipality_id=service.municipality_id,
            national_id__in={number for _l, _g, number, _p in parsed if number},
        )
    }
    by_pupil_id = {
        e.pupil_id: e.child
        for e in Enrolment.objects.filter(
            school=service, pupil_id__in={p for _l, _g, _n, p in parsed if p}
        ).select_related("child")
    }
    with transaction.atomic():
        groups = {g.name.lower(): g for g in Group.objects.filter(service=service)}
        for line, name, number, pupil_id in parsed:
            child = by_number.get(number) if number else by_pupil_id.get(pupil_id)
            if child is None:
                result.unknown.append(line)
                continue
            group = groups.get(name.lower())
            if group is None:
                group = groups[name.lower()] = Group.objects.create(service=service, name=name)
                result.groups_added += 1
            if add_child_to_group(group, child):
                result.children_added += 1
            else:
                result.already += 1
        audit_record(
            actor=imported_by,
            action="screening.import",
            purpose=PURPOSE,
            actor_role="leader",
            municipality_id=service.municipality_id,
            service_id=service.pk,
        )
    return result
