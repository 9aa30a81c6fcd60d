from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "helhet.accounts"
    verbose_name = _("Login")

    def ready(self) -> None:
        import time

        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from helhet.accounts import checks  # noqa: F401  (registers the deploy checks)
        from helhet.accounts.middleware import LAST_SEEN_KEY
        from helhet.accounts.second_factor import record_second_factor_set_up

        def on_login(sender, request, user, **kwargs):
            # The idle clock starts at login, so the first page does not write the session.
            if request is not None and hasattr(request, "session"):
                request.session[LAST_SEEN_KEY] = time.time()

        def on_authenticator_added(sender, request, user, authenticator, **kwargs):
            if request is not None and authenticator.type == authenticator.Type.TOTP:
                record_second_factor_set_up(request, user, authenticator)

        authenticator_added.connect(on_authenticator_added, weak=False)
        user_logged_in.connect(on_login, weak=False)
