"""Passwords nobody should be able to guess: breached, dictionary-like or repetitive ones.

zxcvbn (Dropbox's estimator, offline) matches a password against its frequency lists — among
them 30,000 passwords from breach corpora — and against words, names, keyboard patterns,
repeats ("abcabcabcabc") and sequences; it returns a score from 0 to 4. Django's own validators
still apply for length and the 20,000 most common passwords.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from zxcvbn import zxcvbn

# zxcvbn's cost grows with the length; what it finds in the first 72 characters decides.
_EVALUATED_LENGTH = 72


class GuessablePasswordValidator:
    """Refuses a password zxcvbn scores below ``min_score`` (3: "safely unguessable")."""

    def __init__(self, min_score: int = 3):
        self.min_score = min_score

    def validate(self, password: str, user=None) -> None:
        hints = [value for value in _user_hints(user) if value]
        result = zxcvbn(password[:_EVALUATED_LENGTH], user_inputs=hints)
        if result["score"] >= self.min_score:
            return
        patterns = {match.get("pattern") for match in result.get("sequence", [])}
        if patterns & {"repeat", "sequence"}:
            message = _(
                "This password repeats a pattern or follows a sequence, which makes it easy "
                "to guess. Choose a few unrelated words or a longer phrase."
            )
        else:
            message = _(
                "This password is too easy to guess: it is, or resembles, a password that has "
                "leaked in breaches, a common word or your own name. Choose a few unrelated "
                "words or a longer phrase."
            )
        raise ValidationError(message, code="password_guessable")

    def get_help_text(self) -> str:
        return _("It must not be a leaked, common or repetitive password.")


def _user_hints(user) -> list[str]:
    if user is None:
        return []
    email = getattr(user, "email", "") or ""
    name = getattr(user, "name", "") or ""
    return [email, email.split("@")[0], *name.split()]
