"""Staff from the HR system's CSV export: ``email``, ``name``, ``service`` (its name in the
directory), optional ``title`` and ``role`` (``staff`` or ``leader``). Every row is checked
first; a dry run shows what would happen and writes nothing; a real run invites everyone new,
all or nothing. Someone already working in that service is left as they are, so the same file
twice changes nothing."""

from __future__ import annotations

import csv
import dataclasses
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.administration.services import professional_invite
from helhet.core.text import decode_export
from helhet.directory.models import Service
from helhet.people.models import Membership, MembershipRole, User

NAME = 160
TITLE = 80


@dataclasses.dataclass
class StaffImport:
    dry_run: bool
    invited: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, e-mail)
    unchanged: list[tuple[int, str]] = dataclasses.field(default_factory=list)
    problems: list[tuple[int, str]] = dataclasses.field(default_factory=list)  # (line, what)


class StaffImportRefused(Exception):
    def __init__(self, result: StaffImport):
        super().__init__("the staff file has problems")
        self.result = result


@dataclasses.dataclass(frozen=True)
class _Row:
    line: int
    email: str
    name: str
    title: str
    service: Service
    role: str


def _rows(raw: bytes, municipality_id: int, result: StaffImport) -> list[_Row]:
    rows = list(csv.DictReader(io.StringIO(decode_export(raw))))
    if not rows:
        result.problems.append((1, _("The file has no rows.")))
        return []
    header = {(name or "").strip().lower() for name in rows[0]}
    if not {"email", "name", "service"} <= header:
        result.problems.append((1, _("The file must have the columns email, name and service.")))
        return []
    services = {
        s.name.strip().lower(): s
        for s in Service.objects.filter(municipality_id=municipality_id, is_active=True)
    }
    seen: dict[str, int] = {}
    parsed = []
    for line, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        email = User.objects.normalize_email(row.get("email", "")).lower()
        service = services.get(row.get("service", "").lower())
        role = row.get("role", "") or MembershipRole.STAFF
        try:
            validate_email(email)
        except ValidationError:
            result.problems.append((line, _("the e-mail address is not valid")))
            continue
        if email in seen:
            result.problems.append(
                (line, _("the same e-mail address as line %(line)s") % {"line": seen[email]})
            )
            continue
        seen[email] = line
        if not row.get("name"):
            result.problems.append((line, _("the name is empty")))
        elif len(row["name"]) > NAME or len(row.get("title", "")) > TITLE:
            result.problems.append((line, _("the name or the title is too long")))
        elif service is None:
            unknown = _("no active service of the municipality is called “%(name)s”")
            result.problems.append((line, unknown % {"name": row.get("service", "")[:80]}))
        elif role not in MembershipRole.values:
            result.problems.append((line, _("the role must be staff or leader")))
        else:
            parsed.append(_Row(line, email, row["name"], row.get("title", ""), service, role))
    return parsed


def staff_import(*, imported_by, raw: bytes, dry_run: bool) -> StaffImport:
    """Check every row; refuse the whole file with its problems by line; else invite the new
    ones (unless a dry run) and report who was invited and who was there already."""
    admin = policy.administrator_or_404(imported_by)
    result = StaffImport(dry_run=dry_run)
    parsed = _rows(raw, admin.municipality_id, result)
    users = {
        u.email.lower(): u
        for u in User.objects.filter(email__in=[r.email for r in parsed]).select_related(
            "professional"
        )
    }
    members = set(
        Membership.objects.filter(
            professional__municipality_id=admin.municipality_id,
            professional__user__email__in=[r.email for r in parsed],
        ).values_list("professional__user__email", "service_id")
    )
    new = []
    for row in parsed:
        user = users.get(row.email)
        if user is None:
            new.append(row)
            continue
        own = getattr(user, "professional", None)
        if own is not None and own.municipality_id == admin.municipality_id:
            if (user.email, row.service.pk) in members:
                result.unchanged.append((row.line, row.email))
            else:
                result.problems.append(
                    (row.line, _("already works here: change their services on their page"))
                )
        else:
            result.problems.append((row.line, _("this address cannot be invited")))
    if result.problems:
        result.problems.sort()
        raise StaffImportRefused(result)
    result.invited = [(row.line, row.email) for row in new]
    if dry_run:
        return result
    with transaction.atomic():
        for row in new:
            professional_invite(
                invited_by=imported_by,
                email=row.email,
                name=row.name,
                title=row.title,
                service_pk=row.service.pk,
                role=row.role,
            )
    return result
