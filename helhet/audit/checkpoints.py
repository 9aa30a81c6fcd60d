"""Signed checkpoints of the access log's chain heads, kept outside the database.

The HMAC chain (``chain.py``) shows that no event was altered, inserted or removed in the
middle; it cannot show that someone with write access to the database cut off the newest
events and rewound the head to match. So every few minutes ``helhet audit checkpoint`` signs
each chain's head — its sequence number and hash — with an Ed25519 key and appends it to a file
in a directory the database cannot reach (another disk, a log host). ``helhet audit verify
--checkpoints DIR`` then checks every signature against the trusted public keys and that the
database still holds each checkpointed event with the same hash.

One line per checkpoint, JSON: ``{"chain", "sequence", "hash", "at", "key"}`` and
``signature`` (base64, over the canonical JSON of the other fields). ``key`` names the signing
key (the first 16 hex digits of the SHA-256 of its raw public key), so keys can be rotated:
old checkpoints verify with the old public key, kept among the trusted ones.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from helhet.audit.chain import Problem

STATE = "state.json"  # the last head written per chain: only heads that moved are written again
SIGNED_FIELDS = ("chain", "sequence", "hash", "at", "key")
CHUNK = 500


class CheckpointError(Exception):
    """The checkpoint could not be written or read (a message for the operator)."""


# --- keys --------------------------------------------------------------------------------------


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate(private_path: Path) -> tuple[Path, str]:
    """A new key pair: the private key (PEM, readable by its owner only) and beside it the public
    key (``.pub``, PEM) to give to whoever verifies. Refuses to overwrite a key."""
    public_path = private_path.with_suffix(private_path.suffix + ".pub")
    if private_path.exists() or public_path.exists():
        raise CheckpointError(f"{private_path} or its .pub exists already: not overwritten.")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    public_path.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return public_path, key_id(private.public_key())


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"The signing key {path} cannot be read: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an Ed25519 private key.")
    return key


def load_public(paths: Iterable[Path]) -> dict[str, Ed25519PublicKey]:
    """The trusted public keys by their id."""
    keys = {}
    for path in paths:
        try:
            key = serialization.load_pem_public_key(Path(path).read_bytes())
        except (OSError, ValueError) as exc:
            raise CheckpointError(f"The public key {path} cannot be read: {exc}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise CheckpointError(f"{path} is not an Ed25519 public key.")
        keys[key_id(key)] = key
    return keys


# --- writing -----------------------------------------------------------------------------------


def _canonical(fields: dict) -> bytes:
    return json.dumps(
        {name: fields[name] for name in SIGNED_FIELDS}, sort_keys=True, separators=(",", ":")
    ).encode()


def _writable(directory: Path) -> None:
    if not directory.is_dir():
        raise CheckpointError(f"The checkpoint directory {directory} does not exist.")
    if not os.access(directory, os.W_OK | os.X_OK):
        raise CheckpointError(f"The checkpoint directory {directory} is not writable.")


def write(directory: Path, private: Ed25519PrivateKey, *, now: datetime.datetime) -> int:
    """Sign the head of every chain that moved since the last checkpoint and append the lines to
    today's file (flushed to disk before the state is updated). Returns how many were written."""
    from helhet.audit.models import AuditChain

    directory = Path(directory)
    _writable(directory)
    state_path = directory / STATE
    try:
        state = json.loads(state_path.read_text()) if state_path.exists() else {}
    except (OSError, ValueError):
        state = {}  # unreadable: sign every head again (more lines, nothing lost)
    signer = key_id(private.public_key())
    lines, heads = [], {}
    for key, sequence, head_hash in AuditChain.objects.order_by("key").values_list(
        "key", "last_sequence", "last_hash"
    ):
        heads[key] = [sequence, head_hash]
        if state.get(key) == [sequence, head_hash] or sequence == 0:
            continue
        fields = {
            "chain": key,
            "sequence": sequence,
            "hash": head_hash,
            "at": now.isoformat(timespec="seconds"),
            "key": signer,
        }
        fields["signature"] = base64.b64encode(private.sign(_canonical(fields))).decode()
        lines.append(json.dumps(fields, sort_keys=True))
    if lines:
        path = directory / f"checkpoints-{now:%Y-%m-%d}.jsonl"
        try:
            with path.open("a", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
                out.flush()
                os.fsync(out.fileno())
            temporary = state_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(heads, sort_keys=True))
            temporary.replace(state_path)
        except OSError as exc:
            raise CheckpointError(f"Writing the checkpoint to {directory} failed: {exc}") from None
    return len(lines)


# --- verifying ---------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    chain: str
    sequence: int
    hash: str
    at: str
    where: str  # file:line, for the report


def read(directory: Path, keys: dict[str, Ed25519PublicKey]) -> tuple[list[Checkpoint], list]:
    """Every checkpoint in the directory whose signature holds, and a problem for each line that
    is not one (unreadable, unknown key, bad signature)."""
    directory = Path(directory)
    if not directory.is_dir():
        raise CheckpointError(f"The checkpoint directory {directory} does not exist.")
    found, problems = [], []
    for path in sorted(directory.glob("checkpoints-*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            where = f"{path.name}:{number}"
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
                signature = base64.b64decode(fields["signature"], validate=True)
                message = _canonical(fields)
            except (ValueError, KeyError, TypeError):
                problems.append(
                    Problem("checkpoints", None, None, "forged", f"{where}: unreadable")
                )
                continue
            public = keys.get(fields["key"])
            if public is None:
                problems.append(
                    Problem(
                        fields["chain"],
                        None,
                        fields["sequence"],
                        "forged",
                        f"{where}: signed by an unknown key {fields['key']}",
                    )
                )
                continue
            try:
                public.verify(signature, message)
            except InvalidSignature:
                problems.append(
                    Problem(
                        fields["chain"],
                        None,
                        fields["sequence"],
                        "forged",
                        f"{where}: the signature does not hold",
                    )
                )
                continue
            found.append(
                Checkpoint(fields["chain"], fields["sequence"], fields["hash"], fields["at"], where)
            )
    return found, problems


def compare(checkpoints: list[Checkpoint]) -> Iterator[Problem]:
    """Each checkpointed event must still be in the database with the hash that was signed;
    one query per chain."""
    from helhet.audit.models import AuditChain, AuditEvent

    by_chain: dict[str, list[Checkpoint]] = defaultdict(list)
    for checkpoint in checkpoints:
        by_chain[checkpoint.chain].append(checkpoint)
    heads = dict(AuditChain.objects.values_list("key", "last_sequence"))
    for chain, signed in sorted(by_chain.items()):
        sequences = sorted({c.sequence for c in signed})
        stored: dict[int, str] = {}
        for i in range(0, len(sequences), CHUNK):  # SQLite limits the parameters of a query
            stored.update(
                AuditEvent.objects.filter(
                    chain=chain, sequence__in=sequences[i : i + CHUNK]
                ).values_list("sequence", "hash")
            )
        for checkpoint in sorted(signed, key=lambda c: c.sequence):
            if checkpoint.sequence not in stored:
                yield Problem(
                    chain,
                    None,
                    checkpoint.sequence,
                    "deleted",
                    f"checkpointed at {checkpoint.at} ({checkpoint.where}), but the log ends at "
                    f"#{heads.get(chain, 0)}: the newest events were removed",
                )
            elif stored[checkpoint.sequence] != checkpoint.hash:
                yield Problem(
                    chain,
                    None,
                    checkpoint.sequence,
                    "altered",
                    f"the event's hash differs from the one checkpointed at {checkpoint.at} "
                    f"({checkpoint.where}): the chain was rewritten",
                )
