"""One-time form tokens: sending the same form twice does the work once."""

from __future__ import annotations

import dataclasses
import time
import uuid

from django.core.cache import cache


@dataclasses.dataclass(frozen=True)
class TokenClaim:
    """What ``OneTimeToken.claim`` found: go ahead, already done (with its result), busy, or
    a token this session never got (expired or forged)."""

    state: str  # "fresh" | "done" | "busy" | "unknown"
    result: int | None = None

    @property
    def fresh(self) -> bool:
        return self.state == "fresh"


class OneTimeToken:
    """Makes a form submission idempotent: sending the same form twice does the work once.

    Usage in a view::

        once = OneTimeToken(request, scope="concern")
        # GET: put once.issue() into a hidden field of the form
        claim = once.claim(request.POST.get("once_token", ""))
        if claim.state == "done": redirect to claim.result
        if claim.fresh: do the work; then once.complete(token, obj.pk), or once.release(token)
                        if the form was refused (so the corrected form can be sent again)

    The token is remembered in the session (so only the session that was shown the form can use
    it) and claimed atomically in the cache (``cache.add``), so two requests of a double click
    cannot both do the work. With several worker processes the cache must be shared
    (``CACHE_URL``), as for login throttling. The result (an object id) is kept in both.
    """

    SESSION_KEY = "helhet.once_tokens"
    CACHE_PREFIX = "helhet:once:"
    KEEP = 50  # tokens remembered per session
    TTL = 8 * 60 * 60  # seconds; a working day, like the session
    BUSY = "busy"
    WAIT_SECONDS = 5.0

    def __init__(self, request, *, scope: str):
        self.request = request
        self.scope = scope

    def _tokens(self) -> dict:
        return self.request.session.get(self.SESSION_KEY, {})

    def _save(self, tokens: dict) -> None:
        while len(tokens) > self.KEEP:
            tokens.pop(next(iter(tokens)))
        self.request.session[self.SESSION_KEY] = tokens

    def _key(self, token: str) -> str:
        return f"{self.CACHE_PREFIX}{self.scope}:{token}"

    def issue(self) -> str:
        token = uuid.uuid4().hex
        tokens = self._tokens()
        tokens[token] = {"scope": self.scope, "result": None}
        self._save(tokens)
        return token

    def claim(self, token: str) -> TokenClaim:
        entry = self._tokens().get(token)
        if not token or entry is None or entry.get("scope") != self.scope:
            return TokenClaim("unknown")
        if entry.get("result") is not None:
            return TokenClaim("done", entry["result"])
        key = self._key(token)
        if cache.add(key, self.BUSY, timeout=self.TTL):
            return TokenClaim("fresh")
        # Another request with this token (a double click) is running or has finished.
        deadline = time.monotonic() + self.WAIT_SECONDS
        while True:
            value = cache.get(key)
            if isinstance(value, int):
                self._remember(token, value)
                return TokenClaim("done", value)
            if value is None and cache.add(key, self.BUSY, timeout=self.TTL):
                return TokenClaim("fresh")  # the other request was refused and let go of it
            if time.monotonic() >= deadline:
                return TokenClaim("busy")
            time.sleep(0.1)

    def _remember(self, token: str, result: int) -> None:
        tokens = self._tokens()
        tokens[token] = {"scope": self.scope, "result": result}
        self._save(tokens)

    def complete(self, token: str, result: int) -> None:
        cache.set(self._key(token), result, timeout=self.TTL)
        self._remember(token, result)

    def release(self, token: str) -> None:
        cache.delete(self._key(token))
