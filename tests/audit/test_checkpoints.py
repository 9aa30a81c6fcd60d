"""Signed checkpoints: cutting off the newest events and rewinding the chain head leaves the
HMAC chain consistent, and only the checkpoints outside the database show it. Forged, unknown
and rotated keys; an unwritable directory; only the heads that moved are signed again."""

from __future__ import annotations

import json
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhet.audit import checkpoints
from helhet.audit.chain import verify
from helhet.audit.models import AuditChain, AuditEvent
from tests.audit.test_chain import _as_administrator, _events

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(tmp_path):
    private = tmp_path / "keys" / "checkpoint.pem"
    private.parent.mkdir()
    public, key = checkpoints.generate(private)
    return private, public, key


@pytest.fixture
def directory(tmp_path):
    where = tmp_path / "checkpoints"
    where.mkdir()
    return where


def checkpoint(directory, private) -> None:
    call_command("audit", "checkpoint", "--dir", str(directory), "--key", str(private))


def verify_with(directory, *public) -> str:
    arguments = ["audit", "verify", "--checkpoints", str(directory)]
    for key in public:
        arguments += ["--public-key", str(key)]
    from io import StringIO

    out = StringIO()
    try:
        call_command(*arguments, stdout=out)
    except CommandError as exc:
        raise CommandError(out.getvalue() + str(exc)) from None
    return out.getvalue()


def lines(directory) -> list[dict]:
    return [
        json.loads(line)
        for path in sorted(directory.glob("checkpoints-*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def test_the_private_key_is_its_owners_and_never_overwritten(keys):
    private, public, key = keys
    assert os.stat(private).st_mode & 0o777 == 0o600
    assert checkpoints.key_id(checkpoints.load_private(private).public_key()) == key
    assert set(checkpoints.load_public([public])) == {key}
    with pytest.raises(checkpoints.CheckpointError, match="not overwritten"):
        checkpoints.generate(private)


def test_a_cut_off_tail_with_a_rewound_head_is_found_only_by_the_checkpoints(keys, directory):
    private, public, key = keys
    events = _events(5)
    chain = events[0].chain
    checkpoint(directory, private)
    [line] = lines(directory)
    assert (line["chain"], line["sequence"], line["hash"], line["key"]) == (
        chain,
        5,
        events[-1].hash,
        key,
    )
    assert "The access log is intact." in verify_with(directory, public)
    # Someone with the database's rights removes the two newest events and rewinds the head.
    _as_administrator("DELETE FROM audit_auditevent WHERE chain = %s AND sequence > 3", [chain])
    AuditChain.objects.filter(key=chain).update(last_sequence=3, last_hash=events[2].hash)
    assert list(verify()) == []  # the chain alone is consistent
    with pytest.raises(CommandError) as found:
        verify_with(directory, public)
    report = str(found.value)
    assert f"{chain}: deleted: #5: checkpointed at" in report
    assert "the log ends at #3: the newest events were removed" in report
    assert "1 problem(s)" in report


def test_a_rewritten_event_at_a_checkpoint_is_found(keys, directory):
    private, public, _key = keys
    events = _events(3)
    checkpoint(directory, private)
    _as_administrator(
        "UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["e" * 64, events[-1].pk]
    )
    with pytest.raises(CommandError, match="altered: #3: the event's hash differs"):
        verify_with(directory, public)


def test_a_forged_or_foreign_checkpoint_is_reported(keys, directory, tmp_path):
    private, public, _key = keys
    _events(2)
    checkpoint(directory, private)
    path = next(directory.glob("checkpoints-*.jsonl"))
    genuine = json.loads(path.read_text())
    forged = dict(genuine, sequence=1)  # the same signature over other content
    _other_public, other_key = checkpoints.generate(tmp_path / "other.pem")
    with path.open("a") as out:
        out.write(json.dumps(forged) + "\n")
        out.write(json.dumps(dict(genuine, key=other_key)) + "\n")
        out.write("not json\n")
    with pytest.raises(CommandError) as found:
        verify_with(directory, public)
    report = str(found.value)
    assert ":2: the signature does not hold" in report
    assert f":3: signed by an unknown key {other_key}" in report
    assert ":4: unreadable" in report
    assert "3 problem(s)" in report


def test_old_checkpoints_verify_after_the_key_is_rotated(keys, directory, tmp_path):
    private, public, old_key = keys
    _events(2)
    checkpoint(directory, private)
    new_private = tmp_path / "new.pem"
    new_public, new_key = checkpoints.generate(new_private)
    _events(1, municipality=AuditEvent.objects.first().municipality)
    checkpoint(directory, new_private)
    assert [line["key"] for line in lines(directory)] == [old_key, new_key]
    assert "2 signed checkpoint(s) checked." in verify_with(directory, public, new_public)
    with pytest.raises(CommandError, match="unknown key"):
        verify_with(directory, new_public)  # the old key dropped: its checkpoints cannot verify


def test_only_heads_that_moved_are_signed_again(keys, directory):
    private, _public, _key = keys
    first, second = _events(2), _events(2)
    checkpoint(directory, private)
    checkpoint(directory, private)  # nothing moved
    assert len(lines(directory)) == 2
    _events(1, municipality=second[0].municipality)
    checkpoint(directory, private)
    written = lines(directory)
    assert len(written) == 3 and written[-1]["chain"] == second[0].chain
    assert written[-1]["sequence"] == 3
    assert {line["chain"] for line in written} == {first[0].chain, second[0].chain}


def test_an_unwritable_or_missing_directory_fails_loudly(keys, tmp_path):
    private, _public, _key = keys
    _events(1)
    with pytest.raises(CommandError, match="does not exist"):
        checkpoint(tmp_path / "nowhere", private)
    # /proc takes no files, whoever runs the tests (root passes any permission check).
    with pytest.raises(
        CommandError, match=r"is not writable|Writing the checkpoint to /proc failed"
    ):
        checkpoint("/proc", private)
    with pytest.raises(CommandError, match="Set the checkpoint directory"):
        call_command("audit", "checkpoint")
    # Nothing in the request path depends on it: the log still records.
    assert len(_events(1)) == 1
