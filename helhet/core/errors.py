"""One error type for domain rules broken by a request; views map it to a message or a 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the domain refused the operation; ``message`` is translated and safe to show."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
