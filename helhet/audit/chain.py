"""Hashing and verification of the audit chains.

``hash = HMAC-SHA256(key, prev_hash | canonical content)``. The key comes from the environment
(``HELHET_AUDIT_KEY``, else derived from ``SECRET_KEY``), never from the database, so someone
who can write to the database cannot forge a valid event.

Each event names the key that sealed it (``key_id``, a fingerprint of the key, hashed with the
content), so the key can be rotated: a new key starts a new segment of the same chain, and the
earlier keys (``HELHET_AUDIT_OLD_KEYS``) still verify the earlier events. Events from before key
ids have none and verify with any configured key.
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
OPTIONAL_CONTENT_FIELDS = ("citizen_ref", "key_id")


def _key() -> bytes:
    configured = getattr(settings, "HELHET_AUDIT_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"helhet-audit-v1", hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """The key's fingerprint: names it in every event without giving it away."""
    return hmac.new(key, b"helhet-audit-key-id", hashlib.sha256).hexdigest()[:16]


def current_key_id() -> str:
    return key_id(_key())


def _keys() -> list[bytes]:
    """The current key first, then the earlier ones still trusted for verification."""
    return [_key(), *(k.encode() for k in getattr(settings, "HELHET_AUDIT_OLD_KEYS", []) if k)]


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


def hasher(key: bytes | None = None) -> Callable[[str, dict], str]:
    """``compute_hash`` with the key (the current one by default) prepared once, for hashing
    many events in a row."""
    keyed = hmac.new(key if key is not None else _key(), digestmod=hashlib.sha256)

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


def all_chains() -> list[str]:
    """Every chain: those with a head and those with events (a head may have been removed)."""
    from helhet.audit.models import AuditChain, AuditEvent

    return sorted(
        set(AuditChain.objects.values_list("key", flat=True))
        | set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    )


def _sealed_by(hashers: dict[str, Callable], event: dict) -> Problem | None:
    """None when the event's hash is what its key makes of its content."""
    named = event.get("key_id") or ""
    if named:
        compute = hashers.get(named)
        if compute is None:
            return Problem(
                event["chain"],
                event["id"],
                event["sequence"],
                "altered",
                f"sealed with key {named}, which is not configured (HELHET_AUDIT_OLD_KEYS)",
            )
        candidates = [compute]
    else:  # from before key ids: any trusted key
        candidates = list(hashers.values())
    if any(compute(event["prev_hash"], event) == event["hash"] for compute in candidates):
        return None
    return Problem(
        event["chain"], event["id"], event["sequence"], "altered", "content does not match its HMAC"
    )


def verify(
    chain_keys: list[str] | None = None, *, each_chain: Callable[[str], None] | None = None
) -> Iterator[Problem]:
    """Walk every chain (or those named) and yield each problem found; ``each_chain`` is told
    when a chain is done (for a progress bar). No output means the log is intact."""
    from helhet.audit.models import AuditChain

    hashers = {key_id(k): hasher(k) for k in _keys()}
    heads = {c.key: c for c in AuditChain.objects.all()}
    for key in all_chains():
        if chain_keys is not None and key not in chain_keys:
            continue
        yield from _verify_chain(key, heads.get(key), hashers)
        if each_chain is not None:
            each_chain(key)


def _verify_chain(key: str, head, hashers: dict[str, Callable]) -> Iterator[Problem]:
    from helhet.audit.models import AuditEvent

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
        sealed = _sealed_by(hashers, event)
        if sealed is not None:
            yield sealed
        prev_hash = event["hash"]
        expected_sequence = event["sequence"] + 1
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
