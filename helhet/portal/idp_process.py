"""Start and stop the local test identity provider ("Test ID", standing in for ID-porten).

The provider is the OpenID-certified ``oidc-provider`` npm package run by ``idp/server.mjs`` on
Node.js; this module runs it as a child process for the demo and the tests.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from typing import IO, Any

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO_ROOT / "idp" / "server.mjs"
STOP_TIMEOUT = 5.0


def default_persons_path() -> pathlib.Path:
    return REPO_ROOT / "idp" / "test-persons.json"


def load_persons(path: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    target = pathlib.Path(path) if path is not None else default_persons_path()
    persons = json.loads(target.read_text(encoding="utf-8"))
    if not isinstance(persons, list):
        raise ValueError(f"{target} must hold a JSON list of test persons")
    return persons


@dataclasses.dataclass
class IdentityProvider:
    issuer: str
    process: subprocess.Popen[bytes]
    log: IO[bytes] | None = None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()
            self.log = None

    def __enter__(self) -> IdentityProvider:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: IO[bytes], limit: int = 2000) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-limit:].strip()


def _discovery_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310  (our own http URL)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def start_identity_provider(
    *,
    clients: list[dict[str, Any]],
    port: int | None = None,
    persons_path: str | os.PathLike[str] | None = None,
    id_token_ttl: int | None = None,
    timeout: float = 30.0,
) -> IdentityProvider:
    """Start the provider and return once its discovery document answers."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the local test identity provider")
    if not (REPO_ROOT / "node_modules" / "oidc-provider").is_dir():
        raise RuntimeError(
            f"The npm package oidc-provider is missing: run `npm ci` in {REPO_ROOT} first"
        )

    port = port or _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {key: value for key, value in os.environ.items() if key != "NODE_ENV"}
    env.update(
        IDP_PORT=str(port),
        IDP_HOST="127.0.0.1",
        IDP_ISSUER=issuer,
        IDP_CLIENTS=json.dumps(clients),
        IDP_PERSONS=str(persons_path if persons_path is not None else default_persons_path()),
    )
    if id_token_ttl is not None:
        env["IDP_ID_TOKEN_TTL"] = str(id_token_ttl)

    # A temporary file rather than a pipe, so that a chatty child never blocks on a full pipe.
    log = tempfile.TemporaryFile(prefix="helhet-idp-")  # noqa: SIM115  (closed by stop())
    process = subprocess.Popen(  # noqa: S603  (fixed arguments, no shell)
        [node, str(SERVER_SCRIPT)],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    provider = IdentityProvider(issuer=issuer, process=process, log=log)
    discovery = f"{issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            output = _log_tail(log)
            provider.stop()
            raise RuntimeError(
                f"The test identity provider exited with code {process.returncode}:\n{output}"
            )
        if _discovery_answers(discovery):
            return provider
        if time.monotonic() > deadline:
            output = _log_tail(log)
            provider.stop()
            raise RuntimeError(
                f"The test identity provider did not answer at {discovery} within "
                f"{timeout:g} s:\n{output}"
            )
        time.sleep(0.1)
