from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from helhet.accounts.second_factor import demo_account_outside_demo


class AuthenticationBackend(AllauthBackend):
    """allauth's e-mail backend, refusing demo accounts unless the installation is a demo.

    Refused like a wrong password (not "stashed" as allauth does for inactive users, which would
    let an active user through): a demo account's password is public.
    """

    def _check_password(self, user, password):
        if user is not None and demo_account_outside_demo(user):
            user.check_password(password)  # same work as a real check: no timing difference
            self._did_check_password = True
            return None
        return super()._check_password(user, password)
