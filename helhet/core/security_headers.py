"""Response headers that protect every page and API answer (see docs/decisions/0015).

Django's SecurityMiddleware sets nosniff, Referrer-Policy and COOP; django-csp sets the
Content-Security-Policy and django-permissions-policy the Permissions-Policy. This module adds the
three that no library covers:

- ``Cross-Origin-Resource-Policy: same-origin`` on everything, static files included, so no other
  site can embed our responses (scripts, images, JSON) as sub-resources;
- ``Cache-Control: no-store`` on every response Django produces: the pages and the API carry
  personal data, and a browser cache or a shared proxy must never keep it. Static files are
  served by WhiteNoise before this middleware runs and keep their long cache lifetime;
- a ``Server`` header without a product and version for Django's development server (runserver,
  the demo and the browser tests' live server); gunicorn's own banner is replaced in
  ``helhet/gunicorn_conf.py``.
"""

from __future__ import annotations

from django.utils.cache import cc_delim_re

# What the Server header says instead of a product and version: nothing a scanner can look up.
SERVER_HEADER = "Helhet"


def may_be_stored(view):
    """Mark a view whose answers are public and the same for everyone, so the browser may keep
    them under the view's own Cache-Control. No view of Helhet needs it today; a new use must be
    named in docs/decisions/0015-security-headers.md and tests/core/test_security_headers.py."""

    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.helhet_may_be_stored = True
        return response

    wrapped.__name__ = getattr(view, "__name__", "view")
    wrapped.__doc__ = view.__doc__
    wrapped.__wrapped__ = view
    return wrapped


def _directives(value: str) -> set[str]:
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(value) if part}


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response, unless it already says ``no-store`` (a view's
    own stricter header, e.g. ``never_cache``, is kept) or its view is marked ``may_be_stored``.

    A weaker header set by a view or library (``max-age``, ``public``, ``private``) is replaced:
    only no-store keeps personal data out of the browser's cache and the back button after a
    logout. ``Vary`` is not touched, so ``Vary: Cookie`` from the session stays.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "helhet_may_be_stored", False):
            return response
        if "no-store" not in _directives(response.get("Cache-Control", "")):
            response["Cache-Control"] = "no-store"
            if "Expires" in response:
                del response["Expires"]
        return response


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy: same-origin``: other origins cannot load our responses.

    Placed before WhiteNoise, so the static files carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class ServerHeaderMiddleware:
    """A Server header without a product banner under Django's development server.

    wsgiref, which runserver and the tests' live server use, adds ``Server: WSGIServer/0.2
    CPython/3.x`` only when the application sent no Server header; so we send ours there. Under
    gunicorn (which always adds its own) nothing is sent, to avoid a second header: there the
    banner is replaced by helhet/gunicorn_conf.py.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.META.get("SERVER_SOFTWARE", "").startswith("WSGIServer/"):
            response["Server"] = SERVER_HEADER
        return response
