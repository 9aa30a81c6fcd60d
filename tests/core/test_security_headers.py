"""Security headers on every URL of the project (docs/decisions/0015-security-headers.md).

The URL list comes from the URLconf: every pattern is requested with its path parameters filled
with real objects of one scenario (a case with a plan, a held meeting, a task, a pending
handover …), as a professional who may see them — and as an anonymous visitor. A new pattern
fails ``test_every_url_pattern_is_walked_or_listed`` until tests/urlwalk.py (the walk shared
with tests/audit/test_read_events.py) knows how to fill its parameters (OBJECTS_BY_ROUTE) or
lists it in UNREACHABLE with a reason.

Also here: the API docs' login (HELHET_API_DOCS_PUBLIC both ways), gunicorn's Server banner, and
a scan that keeps inline script, style and event handlers out of the templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path as route_to

from helhet.core.security_headers import NoStoreMiddleware, ServerHeaderMiddleware, may_be_stored
from tests.api.conftest import token_for
from tests.conftest import HelhetClient
from tests.urlwalk import (
    OBJECTS_BY_ROUTE,
    UNREACHABLE,
    admin_fillable,
    build_url_scenario,
    parameters,
    routes,
    url_for,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "helhet"

STRICT_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
FEATURES_OFF = ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")

# Responses that may be kept by a browser: public, the same for everyone, no personal data.
# Empty on purpose — every answer Django gives is no-store (see the ADR). A view marked with
# helhet.core.security_headers.may_be_stored must be listed here, with its reason.
PUBLIC_NON_PERSONAL: dict[str, str] = {}

# A 404 that is the right answer for the professional, not a sign of a wrong object.
EXPECTED_404 = {
    "admin/(?P<url>.*)$": "the admin's catch-all for URLs it does not know",
    "admin/login/": "the admin has no login of its own; signed in, it does not exist",
    "admin/r/<path:content_type_id>/<path:object_id>/": "no admin model has a page on the site",
}
# Pages that send a logged-in user onwards to the login flow by design.
EXPECTED_LOGIN_REDIRECT: dict[str, str] = {}


# --- The scenario -------------------------------------------------------------------------------


@pytest.fixture
def scenario(db):
    """The walk's scenario (tests/urlwalk.py): the teacher coordinates a case with every kind of
    object a URL can name; an operator for the admin."""
    return build_url_scenario()


# --- The checks -------------------------------------------------------------------------------


def _csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in directives, f"{name} twice in {value}"
        directives[name] = sources
    return directives


def assert_security_headers(response, route: str) -> None:
    where = f"{route} ({response.status_code})"
    csp = response.get("Content-Security-Policy")
    assert csp, f"no Content-Security-Policy on {where}"
    assert _csp(csp) == STRICT_CSP, (where, csp)
    assert "Content-Security-Policy-Report-Only" not in response, where
    policy = response.get("Permissions-Policy", "")
    for feature in FEATURES_OFF:
        assert f"{feature}=()" in policy, (where, feature, policy)
    assert response.get("Cross-Origin-Resource-Policy") == "same-origin", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("X-Frame-Options") == "DENY", where
    cache_control = response.get("Cache-Control", "")
    if route in PUBLIC_NON_PERSONAL:
        return
    directives = {d.strip().split("=")[0] for d in cache_control.split(",")}
    assert "no-store" in directives, f"Cache-Control {cache_control!r} on {where}"
    assert "public" not in directives, where


def _inline_code_in_page(response) -> list[str]:
    """What the CSP would refuse in a served HTML page, whichever app's template made it."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    html = response.content.decode()
    return [what for what, matches in _inline_code(html) if matches]


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_every_url_pattern_is_walked_or_listed():
    unknown = [
        route
        for route in routes()
        if route not in UNREACHABLE
        and parameters(route)
        and route not in OBJECTS_BY_ROUTE
        and not (route.startswith("admin/") and admin_fillable(route))
    ]
    assert not unknown, (
        "New URL patterns: fill their parameters in OBJECTS_BY_ROUTE (or list them in "
        f"UNREACHABLE with a reason): {unknown}"
    )
    stale = set(OBJECTS_BY_ROUTE) - set(routes())
    assert not stale, f"OBJECTS_BY_ROUTE names patterns that no longer exist: {stale}"


def test_every_page_and_endpoint_sends_the_security_headers(client, scenario):
    world, operator, objects = scenario
    client.force_login(world.teacher.user)
    admin_client = HelhetClient()
    admin_client.force_login(operator)
    walked, problems = 0, []
    for route in routes():
        if route in UNREACHABLE:
            continue
        url = url_for(route, objects)
        assert url is not None, f"no way to fill {route}"
        response = (admin_client if route.startswith("admin/") else client).get(url)
        walked += 1
        if response.status_code >= 500:
            problems.append(f"{url}: {response.status_code}")
        elif response.status_code == 404 and route not in EXPECTED_404:
            problems.append(f"{url}: 404, a wrong object? ({route})")
        elif _is_login_redirect(response) and route not in EXPECTED_LOGIN_REDIRECT:
            problems.append(f"{url}: sent to the login ({response['Location']})")
        assert_security_headers(response, route)
        problems += [f"{url}: {what}" for what in _inline_code_in_page(response)]
    assert not problems, "\n".join(problems)
    assert walked > 150


def test_anonymous_visitors_get_the_same_headers(client, scenario):
    _world, _operator, objects = scenario
    for route in routes():
        if route in UNREACHABLE:
            continue
        url = url_for(route, objects)
        response = client.get(url)
        assert response.status_code < 500, (route, url, response.status_code)
        assert_security_headers(response, route)
        assert not _inline_code_in_page(response), (url, _inline_code_in_page(response))


def test_writes_and_errors_carry_the_headers_too(client, scenario):
    world, _operator, objects = scenario
    client.force_login(world.teacher.user)
    refused = client.post(f"/work/cases/{objects['case']}/log/new/", {})
    assert refused.status_code == 200  # the form again, with its errors
    assert_security_headers(refused, "log_add POST")
    missing = client.get("/work/cases/999999/")
    assert missing.status_code == 404
    assert_security_headers(missing, "a missing case")
    problem = client.get("/api/v1/cases/999999/")
    assert problem.status_code == 404
    assert_security_headers(problem, "a missing case in the API")


def test_no_store_keeps_stricter_headers_and_vary(rf: RequestFactory):
    def view(cache_control: str | None):
        def get_response(request):
            response = HttpResponse("x")
            if cache_control:
                response["Cache-Control"] = cache_control
            response["Vary"] = "Cookie, Accept-Language"
            response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
            return response

        return NoStoreMiddleware(get_response)(rf.get("/"))

    assert view(None)["Cache-Control"] == "no-store"
    weak = view("public, max-age=3600")
    assert weak["Cache-Control"] == "no-store"
    assert "Expires" not in weak
    strict = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert view(strict)["Cache-Control"] == strict
    assert view(None)["Vary"] == "Cookie, Accept-Language"

    @may_be_stored
    def public(request):
        return HttpResponse("public", headers={"Cache-Control": "max-age=60"})

    response = NoStoreMiddleware(public)(rf.get("/"))
    assert response["Cache-Control"] == "max-age=60"


def test_the_session_still_varies_on_the_cookie(client, scenario):
    world, _operator, _objects = scenario
    client.force_login(world.teacher.user)
    response = client.get("/work/")
    assert response.status_code == 200
    assert "Cookie" in response["Vary"]
    assert response["Cache-Control"] == "no-store"


def test_static_files_keep_their_cache_and_get_the_resource_policy(client, settings):
    response = client.get("/static/helhet/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- Server banner ----------------------------------------------------------------------------


def test_the_development_server_sends_no_product_banner(rf):
    request = rf.get("/", SERVER_SOFTWARE="WSGIServer/0.2 CPython/3.11.7")
    response = ServerHeaderMiddleware(lambda r: HttpResponse())(request)
    assert response["Server"] == "Helhet"
    under_gunicorn = rf.get("/", SERVER_SOFTWARE="Helhet")
    assert "Server" not in ServerHeaderMiddleware(lambda r: HttpResponse())(under_gunicorn)


def test_the_gunicorn_configuration_replaces_gunicorns_banner():
    import gunicorn
    import gunicorn.http.wsgi

    saved = (gunicorn.SERVER, gunicorn.SERVER_SOFTWARE)
    saved_wsgi = (gunicorn.http.wsgi.SERVER, gunicorn.http.wsgi.SERVER_SOFTWARE)
    try:
        import importlib

        import helhet.gunicorn_conf

        importlib.reload(helhet.gunicorn_conf)

        class Request:
            version = (1, 1)
            method = "GET"

            def should_close(self):
                return False

        response = gunicorn.http.wsgi.Response(Request(), sock=None, cfg=None)
        response.status = "200 OK"
        response.status_code = 200
        headers = "".join(response.default_headers())
        assert "Server: Helhet\r\n" in headers
        assert "gunicorn" not in headers.lower()
        assert helhet.gunicorn_conf.wsgi_app == "helhet.wsgi:application"
    finally:
        gunicorn.SERVER, gunicorn.SERVER_SOFTWARE = saved
        gunicorn.http.wsgi.SERVER, gunicorn.http.wsgi.SERVER_SOFTWARE = saved_wsgi


# --- The API's schema and docs ------------------------------------------------------------------


def test_the_schema_and_docs_need_a_login_by_default(client, scenario, settings):
    settings.HELHET_API_DOCS_PUBLIC = False
    other_endpoint = client.get("/api/v1/cases/")
    schema = client.get("/api/schema/")
    assert schema.status_code == other_endpoint.status_code == 401
    assert schema["Content-Type"] == "application/problem+json"
    assert schema.json()["type"] == other_endpoint.json()["type"]
    assert schema.json()["type"] == "urn:helhet:problem:unauthenticated"
    assert schema["WWW-Authenticate"] == other_endpoint["WWW-Authenticate"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 302
    assert docs["Location"] == "/accounts/login/?next=/api/docs/"
    script = client.get("/api/docs/?script=")
    assert _is_login_redirect(script)


def test_professionals_read_the_schema_with_a_session_or_a_token(client, scenario, settings):
    settings.HELHET_API_DOCS_PUBLIC = False
    world, _operator, _objects = scenario
    token = token_for(world.nurse, scope="read")
    with_token = client.get("/api/schema/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.status_code == 200
    assert b"openapi: 3" in with_token.content
    client.force_login(world.teacher.user)
    assert client.get("/api/schema/?format=json").json()["openapi"].startswith("3.")
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    _assert_docs_page_without_inline_code(docs.content.decode())
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert_security_headers(script, "api docs script")


def test_the_schema_and_docs_are_public_when_configured(client, db, settings):
    settings.HELHET_API_DOCS_PUBLIC = True
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    _assert_docs_page_without_inline_code(docs.content.decode())
    assert client.get("/api/docs/?script=").status_code == 200
    # Only the docs: the API itself still needs credentials.
    assert client.get("/api/v1/cases/").status_code == 401


def _assert_docs_page_without_inline_code(html: str) -> None:
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I)
    assert scripts, "Swagger UI's scripts are missing"
    for attributes, body in scripts:
        assert "src=" in attributes and not body.strip(), attributes
    assert "?script=" in html
    assert "<style" not in html.lower()
    assert not re.search(r"\sstyle\s*=", html, re.I)


# --- Templates stay free of inline code -----------------------------------------------------


# WeasyPrint renders these to PDF; they are never served as pages, so their <style> stays.
NOT_SERVED_AS_PAGES = ("helhet/plans/templates/plans/pdf/", "helhet/portal/templates/portal/pdf/")

INLINE_CODE = {
    "an inline script": re.compile(
        r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*type\s*=\s*[\"']application/(?:ld\+)?json)",
        re.I,
    ),
    "a style element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"<[a-z][^<>]*\sstyle\s*=", re.I),
    "an inline event handler": re.compile(r"<[a-z][^<>]*\son[a-z]+\s*=", re.I),
    "an HTMX hx-on handler": re.compile(r"\b(?:data-)?hx-on", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "HTMX's js: values (eval)": re.compile(
        r"hx-va(?:ls|rs)\s*=\s*[\"']\s*(?:js|javascript):", re.I
    ),
}
_TRIGGER = re.compile(r"\bhx-trigger\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.I)


def _trigger_filters(text: str):
    """HTMX trigger filters (``keyup[ctrlKey]``) are evaluated with eval; a ``[`` in a ``from:``
    selector (``from:input[type=checkbox]``) is not a filter."""
    for match in _TRIGGER.finditer(text):
        for spec in (match.group(1) or match.group(2)).split(","):
            event = spec.split()[0] if spec.split() else ""
            if "[" in event:
                yield match


_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def _inline_code(text: str):
    for what, pattern in INLINE_CODE.items():
        yield what, list(pattern.finditer(text))
    yield "an HTMX trigger filter (eval)", list(_trigger_filters(text))


def _templates() -> list[Path]:
    roots = [PACKAGE / "templates", *PACKAGE.glob("*/templates")]
    files = sorted({path for root in roots for path in root.rglob("*") if path.is_file()})
    return [
        path
        for path in files
        if not str(path.relative_to(ROOT)).startswith(NOT_SERVED_AS_PAGES)
        and path.suffix in {".html", ".txt", ".xml", ".svg", ".js"}
    ]


def test_no_template_contains_inline_script_style_or_handlers():
    templates = _templates()
    assert len(templates) > 30
    found = []
    for path in templates:
        text = _COMMENTS.sub("", path.read_text())
        for what, matches in _inline_code(text):
            for match in matches:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not found, "Inline code is refused by the Content-Security-Policy:\n" + "\n".join(found)


def test_the_scan_recognises_inline_code():
    samples = {
        "an inline script": "<script>alert(1)</script>",
        "a style element": "<style>p{}</style>",
        "a style attribute": '<div class="x" style="color: red">',
        "an inline event handler": '<button type="button" onclick="go()">',
        "an HTMX hx-on handler": '<form hx-on::after-request="x()">',
        "a javascript: URL": '<a href="javascript:void(0)">',
        "HTMX's js: values (eval)": "<div hx-vals='js:{a: 1}'>",
        "an HTMX trigger filter (eval)": '<input hx-trigger="keyup[ctrlKey]">',
    }
    for what, sample in samples.items():
        assert dict(_inline_code(sample))[what], what
    allowed = [
        '<script src="/static/x.js" defer></script>',
        '<script id="data" type="application/json">{}</script>',
        '<p class="on-track">A style guide, one=two</p>',
        '<form hx-trigger="input changed delay:400ms from:#id_q, change from:select[name=x]">',
    ]
    for sample in allowed:
        assert not any(matches for _what, matches in _inline_code(sample)), sample


def test_python_code_renders_no_inline_script_or_style():
    found = []
    patterns = [
        re.compile(r"<script\b(?![^>]*\bsrc=)", re.I),
        re.compile(r"<style\b|\sstyle=\\?[\"']", re.I),
    ]
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        for pattern in patterns:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}")
    assert not found, found


# --- The server error page --------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [route_to("boom/", _boom)]
handler500 = "helhet.api.errors.server_error"


@pytest.mark.urls(__name__)
def test_the_server_error_page_has_no_inline_style_and_the_headers(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/helhet/error.css">' in html
    assert not any(matches for _what, matches in _inline_code(html))
    assert_security_headers(response, "500")


@pytest.mark.django_db
def test_every_page_names_its_icon_so_browsers_do_not_ask_for_a_missing_favicon(client):
    from django.contrib.staticfiles import finders

    for url in ("/", "/portal/"):
        page = client.get(url).content.decode()
        assert '<link rel="icon" href="/static/helhet/favicon.svg"' in page, url
    assert finders.find("helhet/favicon.svg")
