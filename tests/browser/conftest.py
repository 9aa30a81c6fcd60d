"""Shared fixtures for the Playwright journeys: one Chromium per session, one context per test.

Playwright's sync API runs an event loop in the main thread; Django refuses ORM calls from a
thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set, so it is set before anything
touches the database.

Every page runs under Helhet's strict Content-Security-Policy, and a test fails when the browser
refused anything because of it (docs/decisions/0015-security-headers.md): every context from
``new_context`` records the console's CSP messages and the pages' ``securitypolicyviolation``
events. The test tools themselves stay out of the policy's way: axe is injected with
``evaluate()`` (DevTools, not an inline script).
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import time
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

expect.set_options(timeout=5_000)


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium package.")
    if not AXE_JS.exists():
        pytest.fail(f"axe-core not found at {AXE_JS}; run `npm ci`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The demo data and the factories hash passwords for every test; Django's default hasher is
    # deliberately slow. Logging in through the browser works the same with a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- Content-Security-Policy violations ------------------------------------------------------

CSP_VIOLATIONS = pytest.StashKey[list]()
# Chromium's console wording for what the policy blocked ("… violates the following Content
# Security Policy directive …", older: "Refused to load/apply/execute …").
_CSP_CONSOLE = ("Content Security Policy", "Refused to ")
# Init scripts run before the page's own and are not subject to its CSP; the binding reports
# each violation with its directive and place. Console messages also cover contexts without
# JavaScript, where no event listener runs.
_CSP_LISTENER = """document.addEventListener('securitypolicyviolation', (e) => {
    window.__helhetCspViolation({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI, page: document.location.href,
        source: e.sourceFile, line: e.lineNumber, sample: e.sample,
    });
});"""


def _watch_csp(context: BrowserContext, violations: list[str]) -> None:
    def on_console(message) -> None:
        if message.type in {"error", "warning"} and any(s in message.text for s in _CSP_CONSOLE):
            page = message.page.url if message.page else "?"
            violations.append(f"console on {page}: {message.text}")

    def on_event(_source, report: dict) -> None:
        violations.append(
            "securitypolicyviolation on {page}: {directive} blocked {blocked!r}"
            " ({source}:{line}) {sample}".format(**report)
        )

    context.on("console", on_console)
    context.expose_binding("__helhetCspViolation", on_event)
    context.add_init_script(_CSP_LISTENER)


def _csp_report(violations: list[str]) -> str:
    return f"{len(violations)} Content-Security-Policy violation(s):\n" + "\n".join(
        f"- {v}" for v in violations
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails (not only errs in teardown) when the policy refused anything."""
    result = yield
    violations = item.stash.get(CSP_VIOLATIONS, [])
    if violations:
        reported = list(violations)
        violations.clear()
        pytest.fail(_csp_report(reported), pytrace=False)
    return result


@pytest.fixture
def new_context(browser, live_server, request):
    """Factory for extra browser contexts (e.g. without JavaScript); all closed after the test.

    Each context reports Content-Security-Policy violations; the test fails on any.
    """
    contexts: list[BrowserContext] = []
    violations: list[str] = request.node.stash.setdefault(CSP_VIOLATIONS, [])

    def make(**kwargs) -> BrowserContext:
        options = {"locale": "en-GB", "base_url": live_server.url, **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        _watch_csp(context, violations)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if violations:  # reported after the test's body ended, e.g. by a page still loading
        reported = list(violations)
        violations.clear()
        pytest.fail(_csp_report(reported), pytrace=False)


@pytest.fixture
def context(new_context) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


# --- Accessibility ---------------------------------------------------------------------------


def _format_violations(page: Page, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '')[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      why:  {summary[:300]}")
    return "\n".join(lines)


# Whether the page runs its own scripts, asked without running one (an inline script would be
# refused by the CSP): with scripting off, the HTML parser reads <noscript>'s content as markup.
_SCRIPTS_RUN = """() => {
    const probe = document.createElement('div');
    probe.innerHTML = '<noscript><i></i></noscript>';
    return probe.querySelector('noscript i') === null;
}"""
_AXE_RUN = "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})"


def _run_axe(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluate() is DevTools, outside the page's CSP; add_script_tag would be an inline script.
        page.evaluate(AXE_JS.read_text())
    return page.evaluate(_AXE_RUN, AXE_TAGS)["violations"]


def _run_axe_on_copy(page: Page) -> list[dict]:
    """axe for a page shown with JavaScript disabled.

    There axe cannot run (its timers never fire), so the page's HTML is shown at the same URL in
    a scratch context where only axe runs: the page's own scripts are blocked, styles load as usual.
    """
    html, url = page.content(), page.url
    context = page.context.browser.new_context(
        viewport=page.viewport_size, locale="en-GB", java_script_enabled=True
    )
    try:
        copy = context.new_page()

        def serve(route):
            request = route.request
            if request.resource_type == "document" and request.url == url:
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            elif request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url)
        assert copy.title() == page.title(), "the copy for axe does not show the same page"
        return _run_axe(copy)
    finally:
        context.close()


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now; fail on any violation."""
    page.wait_for_load_state("load")
    violations = _run_axe(page) if page.evaluate(_SCRIPTS_RUN) else _run_axe_on_copy(page)
    assert not violations, _format_violations(page, violations)


# --- Journeys' building blocks --------------------------------------------------------------


def log_in(page: Page, email: str, password: str) -> None:
    """Open the login page, check it, and submit e-mail and password."""
    page.goto("/accounts/login/")
    assert_accessible(page)
    submit_login(page, email, password)


def submit_login(page: Page, email: str, password: str) -> None:
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form.stack button[type=submit]").click()


def switch_language(page: Page, code: str) -> None:
    """Use the header's language switcher, as a person would."""
    page.locator("#language-select").select_option(code)
    with page.expect_navigation():
        page.locator("form.language-form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", code)


def totp_code(secret: str) -> str:
    """The current TOTP code for a secret, computed with allauth's own HOTP functions.

    Waits out the last seconds of a period, so the code cannot expire between typing and
    the server's check (allauth accepts only the current period).
    """
    period = mfa_settings.TOTP_PERIOD
    remaining = period - (time.time() % period)
    if remaining < 3:
        time.sleep(remaining + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


@pytest.fixture
def demo_data(transactional_db, settings):
    """The demo municipalities, services and accounts, with HELHET_DEMO on."""
    from helhet.synthetic.generator import generate

    settings.HELHET_DEMO = True
    return generate(municipalities=3, children_per_municipality=2, demo=True)


@pytest.fixture
def demo_password() -> str:
    from helhet.synthetic.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
