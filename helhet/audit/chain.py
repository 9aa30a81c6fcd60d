"""Hashing and verification of the audit chains.

``hash = HMAC-SHA256(key, prev_hash | canonical content)``. The key comes from the environment
(``HELHET_AUDIT_KEY``, else derived from ``SECRET_KEY``), never from the database, so someone
who can write to the database cannot forge a valid event.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator

from django.conf import settings

GENESIS = "0" * 64
CONTENT_FIELDS = (
    "chain",
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_role",
    "service_id",
    "municipality_id",
    "child_id",
    "case_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "request_id",
)
# Fields added later: hashed only when set, so that every earlier event keeps its hash.
OPTIONAL_CONTENT_FIELDS = ("citizen_ref",)


def _key() -> bytes:
    configured = getattr(settings, "HELHET_AUDIT_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"helhet-audit-v1", hashlib.sha256).digest()


_SORTED_FIELDS = tuple(sorted(CONTENT_FIELDS))
# One encoder, built once: the same output as json.dumps(..., sort_keys=True, ensure_ascii=False).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)


def _norm(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="microseconds")
    return str(value)


def _canonical(values: dict) -> bytes:
    content = {name: _norm(values[name]) for name in _SORTED_FIELDS}
    for name in OPTIONAL_CONTENT_FIELDS:
        if values.get(name):
            content[name] = _norm(values[name])
    return _ENCODER.encode(content).encode()


def hasher() -> Callable[[str, dict], str]:
    """``compute_hash`` with the key prepared once, for hashing many events in a row."""
    keyed = hmac.new(_key(), digestmod=hashlib.sha256)

    def compute(prev_hash: str, values: dict) -> str:
        digest = keyed.copy()
        digest.update(prev_hash.encode() + b"|" + _canonical(values))
        return digest.hexdigest()

    return compute


def compute_hash(prev_hash: str, values: dict) -> str:
    return hasher()(prev_hash, values)


@dataclasses.dataclass(frozen=True)
class Problem:
    chain: str
    event_id: int | None
    sequence: int | None
    kind: str  # "altered", "inserted", "deleted"
    detail: str

    def __str__(self) -> str:
        where = (
            f"event {self.event_id} (#{self.sequence})" if self.event_id else f"#{self.sequence}"
        )
        return f"{self.chain}: {self.kind}: {where}: {self.detail}"


def verify(chain_keys: list[str] | None = None) -> Iterator[Problem]:
    """Walk every chain and yield each problem found. No output means the log is intact."""
    from helhet.audit.models import AuditChain, AuditEvent

    heads = {c.key: c for c in AuditChain.objects.all()}
    keys = sorted(set(heads) | set(AuditEvent.objects.values_list("chain", flat=True).distinct()))
    for key in keys:
        if chain_keys and key not in chain_keys:
            continue
        expected_sequence = 1
        prev_hash = GENESIS
        events = (
            AuditEvent.objects.filter(chain=key)
            .order_by("sequence")
            .values("id", "prev_hash", "hash", *CONTENT_FIELDS, *OPTIONAL_CONTENT_FIELDS)
        )
        for event in events.iterator(chunk_size=2000):
            if event["sequence"] > expected_sequence:
                yield Problem(
                    key,
                    None,
                    expected_sequence,
                    "deleted",
                    f"events #{expected_sequence}–#{event['sequence'] - 1} are missing",
                )
            elif event["sequence"] < expected_sequence:  # pragma: no cover - unique constraint
                yield Problem(key, event["id"], event["sequence"], "inserted", "duplicate")
            if event["prev_hash"] != prev_hash and event["sequence"] == expected_sequence:
                yield Problem(
                    key,
                    event["id"],
                    event["sequence"],
                    "inserted",
                    "does not follow the previous event (previous hash differs)",
                )
            if compute_hash(event["prev_hash"], event) != event["hash"]:
                yield Problem(
                    key,
                    event["id"],
                    event["sequence"],
                    "altered",
                    "content does not match its HMAC",
                )
            prev_hash = event["hash"]
            expected_sequence = event["sequence"] + 1
        head = heads.get(key)
        last = expected_sequence - 1
        if head is None:
            yield Problem(key, None, last, "deleted", "the chain head is missing")
        elif head.last_sequence != last or head.last_hash != prev_hash:
            yield Problem(
                key,
                None,
                head.last_sequence,
                "deleted",
                f"the chain head says #{head.last_sequence}, the log ends at #{last}",
            )
