from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Professionals get accounts from their municipality; nobody signs up on their own."""

    def is_open_for_signup(self, request) -> bool:
        return False
