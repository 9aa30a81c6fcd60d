"""The pseudonymised research extract for effect evaluation (e.g. the Faroe Islands' Lopfjølin):
one row per concern of the project's period, with only the fields the data protection officer
approved. Identities become keyed pseudonyms (HMAC-SHA256 with the project's own key: stable
within the project, unlinkable across projects); dates become months, ages whole years; no free
text and no identity number can be chosen. Before anything leaves, every combination of the
quasi-identifiers (age, sector, month) must occur at least ``K`` times: the extract generalises
(months to quarters to years, ages to bands) and then leaves out the rows that still stand out,
and says how many."""

from __future__ import annotations

import collections
import csv
import dataclasses
import hashlib
import hmac
import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.cases.models import Concern, ConcernStatus

K = 5

# What a project may ask for: (code, description, quasi-identifier?).
FIELDS: dict[str, tuple[str, bool]] = {
    "child": (_("the child, as a pseudonym"), False),
    "concern": (_("the concern, as a pseudonym"), False),
    "case": (_("the case it led to, as a pseudonym (empty: none)"), False),
    "registered_month": (_("the month the concern was registered (YYYY-MM)"), True),
    "age_years": (_("the child's age in whole years at the concern"), True),
    "sector": (_("the sector of the service that registered it"), True),
    "decision": (_("the decision (a code)"), False),
    "decided_within_deadline": (_("decided on or before its deadline (true/false)"), False),
    "days_to_decision": (_("whole days from registration to decision"), False),
    "case_level": (_("the level of the case (a number)"), False),
}
# Never extracted, whatever a project asks: free text and identities.
FORBIDDEN = {
    "name",
    "given_name",
    "family_name",
    "national_id",
    "date_of_birth",
    "observation",
    "strengths",
    "child_voice",
    "note",
    "text",
}
QUASI = [code for code, (_d, quasi) in FIELDS.items() if quasi]


class ExtractError(ValueError):
    pass


def check_fields(fields: list[str]) -> list[str]:
    """The fields in the catalogue's order; ``ExtractError`` naming any that may not be asked."""
    forbidden = sorted(set(fields) & FORBIDDEN)
    if forbidden:
        raise ExtractError(
            _("Free text and identities are never extracted: %(fields)s.")
            % {"fields": ", ".join(forbidden)}
        )
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ExtractError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    if not fields:
        raise ExtractError(_("Choose at least one field."))
    return [code for code in FIELDS if code in fields]


def pseudonym(key: bytes, kind: str, pk: int | None) -> str:
    if pk is None:
        return ""
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:20]


def _rows(project) -> list[dict]:
    key = bytes.fromhex(project.key)
    concerns = (
        Concern.objects.filter(
            municipality_id=project.municipality_id,
            registered_at__date__gte=project.period_start,
            registered_at__date__lte=project.period_end,
        )
        .values_list(
            "pk",
            "child_id",
            "case_id",
            "registered_at",
            "decided_at",
            "decision_due",
            "status",
            "service__sector",
            "child__date_of_birth",
            "case__level__number",
        )
        .order_by("pk")
    )
    rows = []
    for pk, child, case, registered, decided, due, status, sector, born, level in concerns:
        on = timezone.localdate(registered)
        decided_on = timezone.localdate(decided) if decided else None
        rows.append(
            {
                "child": pseudonym(key, "child", child),
                "concern": pseudonym(key, "concern", pk),
                "case": pseudonym(key, "case", case),
                "registered_month": on.strftime("%Y-%m"),
                "age_years": on.year - born.year - ((on.month, on.day) < (born.month, born.day)),
                "sector": sector,
                "decision": "" if status == ConcernStatus.OPEN else status,
                "decided_within_deadline": "" if decided_on is None else decided_on <= due,
                "days_to_decision": "" if decided_on is None else (decided_on - on).days,
                "case_level": "" if level is None else level,
            }
        )
    return rows


def _quarter(month: str) -> str:
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}"


def _band(age: int, width: int) -> str:
    low = age // width * width
    return f"{low}–{low + width - 1}"


# Ways to generalise, tried in turn until every combination occurs K times.
GENERALISE = [
    ("registered_month", _quarter),
    ("age_years", lambda age: _band(age, 3)),
    ("registered_month", lambda quarter: quarter.split("-")[0]),
    ("age_years", lambda band: _band(int(band.split("–")[0]), 6)),
]


@dataclasses.dataclass
class Extract:
    rows: list[dict]
    fields: list[str]
    generalised: list[str]  # the quasi-identifiers coarsened, in order
    left_out: int  # rows that stood out even so


def k_anonymous(rows: list[dict], quasi: list[str]) -> bool:
    counts = collections.Counter(tuple(row[q] for q in quasi) for row in rows)
    return all(n >= K for n in counts.values())


def build(project) -> Extract:
    fields = check_fields(project.fields)
    quasi = [q for q in QUASI if q in fields]
    rows = [{f: row[f] for f in fields} for row in _rows(project)]
    generalised = []
    for field, step in GENERALISE:
        if not quasi or k_anonymous(rows, quasi):
            break
        if field in quasi:
            for row in rows:
                row[field] = step(row[field])
            generalised.append(field)
    left_out = 0
    if quasi and not k_anonymous(rows, quasi):
        counts = collections.Counter(tuple(row[q] for q in quasi) for row in rows)
        kept = [row for row in rows if counts[tuple(row[q] for q in quasi)] >= K]
        left_out, rows = len(rows) - len(kept), kept
    return Extract(rows, fields, generalised, left_out)


def dictionary(project, extract: Extract) -> dict:
    return {
        "project": project.name,
        "purpose": project.purpose,
        "period": [project.period_start.isoformat(), project.period_end.isoformat()],
        "rows": len(extract.rows),
        "rows_left_out_for_k_anonymity": extract.left_out,
        "k": K,
        "quasi_identifiers": [q for q in QUASI if q in extract.fields],
        "generalised": extract.generalised,
        "pseudonyms": "HMAC-SHA256 with the project's key, first 20 hex digits; stable within "
        "the project, unlinkable across projects",
        "fields": {code: str(FIELDS[code][0]) for code in extract.fields},
    }


def archive(project, extract: Extract) -> bytes:
    """A ZIP with the extract as CSV and as Parquet (written by DuckDB) and the data
    dictionary as JSON."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=extract.fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(extract.rows)
    with tempfile.TemporaryDirectory(prefix="helhet-extract-") as folder:
        csv_path, parquet_path = Path(folder) / "extract.csv", Path(folder) / "extract.parquet"
        csv_path.write_text(text.getvalue(), encoding="utf-8")
        con = duckdb.connect()
        try:
            # Our own temporary paths (COPY takes no parameters for them).
            con.execute(
                f"COPY (SELECT * FROM read_csv('{csv_path}', header = true, all_varchar = true))"  # noqa: S608
                f" TO '{parquet_path}' (FORMAT parquet)"
            )
        finally:
            con.close()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
            zipped.writestr("extract.csv", text.getvalue())
            zipped.write(parquet_path, "extract.parquet")
            zipped.writestr("dictionary.json", json.dumps(dictionary(project, extract), indent=2))
    return out.getvalue()
