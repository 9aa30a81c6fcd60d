"""Shared fixtures for the Playwright journeys: one Chromium per session, one context per test.

Playwright's sync API runs an event loop in the main thread; Django refuses ORM calls from a
thread with a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set, so it is set before anything
touches the database.

Every page runs under Helhet's strict Content-Security-Policy, and a test fails when the browser
refused anything because of it (docs/decisions/0015-security-headers.md): every context from
``new_context`` records the console's CSP messages and the pages' ``securitypolicyviolation``
events. The test tools themselves stay out of the policy's way: axe is injected with
``evaluate()`` (DevTools, not an inline script).

Beyond axe, every test checks two things axe does not (issue 13):

- HTML validity: every HTML document the live server sends to a context from ``new_context`` is
  recorded and, when the test's body has ended, validated by the W3C Nu checker (npm ``vnu-jar``,
  run on the machine's Java as one HTTP server per test session); the test fails on any error.
- Reflow (WCAG 1.4.10): ``assert_accessible`` also shows the page 320 CSS px wide and fails when
  the page scrolls sideways, when an element cuts its content off, or when something scrolls
  sideways without being a labelled, focusable scroll region.
"""

from __future__ import annotations

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import contextlib
import hashlib
import json
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

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
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 1.4.10: content reflows at 320 CSS px (1280 px at 400 % zoom) without scrolling sideways.
REFLOW_VIEWPORT = {"width": 320, "height": 640}

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


# --- HTML validity (the W3C Nu checker) ------------------------------------------------------

HTML_DOCUMENTS = pytest.StashKey["DocumentRecorder"]()
NU_CHECKER = pytest.StashKey["NuChecker"]()
# Nu's messages that are no error of the page's (none so far). Each entry is an exact message,
# with a comment saying why it is accepted.
NU_IGNORED_MESSAGES: frozenset[str] = frozenset()


class NuChecker:
    """The Nu HTML checker's web service, started once per test session (JVM start-up is slow).

    It starts while the first test runs; the first check waits until it answers.
    """

    def __init__(self, url: str, process: subprocess.Popen, log) -> None:
        self.url = url
        self._process, self._log = process, log
        self._ready = False
        self._results: dict[str, list[dict]] = {}  # by the document's hash: journeys repeat pages

    def _wait_until_ready(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not self._ready:
            if self._process.poll() is not None:
                self._log.seek(0)
                tail = self._log.read().decode(errors="replace")[-2000:]
                pytest.fail(f"The Nu checker stopped at start-up:\n{tail}", pytrace=False)
            try:
                with urllib.request.urlopen(self.url, timeout=5):  # noqa: S310
                    self._ready = True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    pytest.fail(f"The Nu checker did not answer within {timeout} s.")
                time.sleep(0.2)

    def errors(self, html: str) -> list[dict]:
        """Nu's errors for one document (warnings and info are left out)."""
        key = hashlib.sha256(html.encode()).hexdigest()
        if key not in self._results:
            self._wait_until_ready()
            request = urllib.request.Request(  # noqa: S310 (our own checker's http URL)
                f"{self.url}?out=json",
                data=html.encode(),
                headers={"Content-Type": "text/html; charset=utf-8"},
                method="POST",
            )
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                messages = json.load(response)["messages"]
            self._results[key] = [
                m
                for m in messages
                if m.get("type") in {"error", "non-document-error"}
                and m.get("message") not in NU_IGNORED_MESSAGES
            ]
        return self._results[key]

    def report(self, documents: list[tuple[str, str]]) -> str | None:
        """A readable report of every error in the documents, or None when they are all valid."""
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda d: self.errors(d[1]), documents))
        lines: list[str] = []
        reported: set[tuple] = set()  # a page shown twice with the same errors is listed once
        count = 0
        for (url, html), errors in zip(documents, results, strict=True):
            key = (url, tuple((e.get("lastLine"), e["message"]) for e in errors))
            if not errors or key in reported:
                continue
            reported.add(key)
            source = html.splitlines()
            lines.append(f"{url}:")
            for error in errors:
                count += 1
                line = error.get("lastLine", error.get("firstLine", 0))
                lines.append(f"  line {line}: {error['message']}")
                if 0 < line <= len(source):
                    lines.append(f"      {source[line - 1].strip()[:200]}")
        if not count:
            return None
        return f"{count} HTML validity error(s) (W3C Nu checker):\n" + "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def nu_checker() -> NuChecker:
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "The HTML checks need Java 11 or newer for the Nu checker (`java` is not on PATH):"
            " on Debian, apt-get install openjdk-17-jre-headless."
        )
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu checker is not at {VNU_JAR}; run `npm ci`.")
    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs)
    # Its schemas recurse deeply (a smaller stack overflows); loopback only.
    process = subprocess.Popen(  # noqa: S603
        [java, "-Xss4m", "-Xmx1g", "-Dnu.validator.servlet.bind-address=127.0.0.1",
         "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield NuChecker(f"http://127.0.0.1:{port}/", process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class DocumentRecorder:
    """The HTML documents the live server sent to a test's contexts, for the Nu checker.

    A body is read in the response's event handler, which Playwright's sync API runs only while
    some other call waits; ``take()`` keeps the contexts busy until every body has arrived. (A
    route could hold the page until its body is kept, but Playwright does not route the request
    a redirect leads to, the page shown after every form.)
    """

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.contexts: list[BrowserContext] = []
        self._documents: list[list] = []  # [url, body, or None while it is read]

    def watch(self, context: BrowserContext) -> None:
        self.contexts.append(context)
        context.on("response", self._on_response)

    def _on_response(self, response) -> None:
        if response.request.resource_type != "document":
            return
        if not response.url.startswith(self.origin) or 300 <= response.status < 400:
            return  # another server's page, or a redirect, which has no page
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        entry = [response.url, None]
        self._documents.append(entry)
        try:
            entry[1] = response.text()
        except PlaywrightError:  # the context closed before the body came
            self._documents.remove(entry)

    def take(self, timeout: float = 10) -> list[tuple[str, str]]:
        """Every document recorded so far (forgotten here), once their bodies have arrived."""
        deadline = time.monotonic() + timeout
        while any(body is None for _, body in self._documents) and time.monotonic() < deadline:
            for context in self.contexts:
                with contextlib.suppress(PlaywrightError):  # closed already
                    context.cookies()  # any round trip lets the handlers run
        taken = [(url, body) for url, body in self._documents if body is not None]
        self._documents.clear()
        return taken


def assert_valid_html(checker: NuChecker, documents: list[tuple[str, str]]) -> None:
    """Fail with Nu's errors (URL, line, message) when any of the documents is invalid."""
    report = checker.report(documents)
    assert report is None, report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails (not only errs in teardown) when the policy refused anything, or when
    a page it loaded is not valid HTML."""
    result = yield
    violations = item.stash.get(CSP_VIOLATIONS, [])
    if violations:
        reported = list(violations)
        violations.clear()
        pytest.fail(_csp_report(reported), pytrace=False)
    recorder = item.stash.get(HTML_DOCUMENTS, None)
    documents = recorder.take() if recorder else []
    if documents:
        report = item.stash[NU_CHECKER].report(documents)
        if report:
            pytest.fail(report, pytrace=False)
    return result


@pytest.fixture
def new_context(browser, live_server, nu_checker, request):
    """Factory for extra browser contexts (e.g. without JavaScript); all closed after the test.

    Each context reports Content-Security-Policy violations and records the live server's HTML
    documents for the Nu checker; the test fails on any violation or validity error.
    """
    contexts: list[BrowserContext] = []
    violations: list[str] = request.node.stash.setdefault(CSP_VIOLATIONS, [])
    recorder = request.node.stash.setdefault(HTML_DOCUMENTS, DocumentRecorder(live_server.url))
    request.node.stash[NU_CHECKER] = nu_checker

    def make(**kwargs) -> BrowserContext:
        options = {"locale": "en-GB", "base_url": live_server.url, **kwargs}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        _watch_csp(context, violations)
        recorder.watch(context)
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


# Run at 320 CSS px. A scroll region is an element that scrolls sideways (overflow auto or
# scroll); it must be labelled and focusable, so keyboard users can scroll it and screen reader
# users know what it is. Clipping is overflow hidden/clip on content wider than the box. Helpers
# that are hidden on purpose (sr-only: 1 px, clipped) and form controls, which scroll their own
# text, are left out.
_REFLOW_CHECK = """(limit) => {
    const name = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
            let part = e.localName;
            if (e.id) { parts.unshift(`${part}#${e.id}`); break; }
            const classes = [...e.classList].slice(0, 2);
            if (classes.length) part += '.' + classes.join('.');
            const same = [...(e.parentElement?.children || [])]
                .filter((c) => c.localName === e.localName);
            if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
            parts.unshift(part);
            if (parts.length === 4) break;
        }
        return parts.join(' > ');
    };
    const widths = (el) => `content ${el.scrollWidth} px in ${el.clientWidth} px`;
    const hidden = (style) => style.display === 'none' || style.visibility === 'hidden';
    const helper = (style, rect) => rect.width <= 1 || rect.height <= 1
        || style.clip !== 'auto' || style.clipPath !== 'none';
    const region = (el) => el.matches('[role=region][tabindex="0"]')
        && (el.hasAttribute('aria-labelledby') || el.hasAttribute('aria-label'));
    const control = (el) => el.matches('input, select, textarea, option');
    const report = {
        width: document.documentElement.scrollWidth, wide: [], clipped: [], unlabelled: [],
    };
    const scrollers = [];
    for (const el of document.body.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        if (hidden(style) || (rect.width === 0 && rect.height === 0)) continue;
        if (control(el) || helper(style, rect)) continue;
        const overflowing = el.scrollWidth > el.clientWidth + 1;
        const inRegion = scrollers.some((s) => s.contains(el) && region(s));
        if (['hidden', 'clip'].includes(style.overflowX) && overflowing && !inRegion) {
            report.clipped.push(`${name(el)} (${widths(el)})`);
        }
        if (['auto', 'scroll'].includes(style.overflowX)) {
            scrollers.push(el);
            if (overflowing && !region(el)) report.unlabelled.push(`${name(el)} (${widths(el)})`);
        }
    }
    if (report.width <= limit) return report;
    // The outermost elements that reach past the viewport and that no scroller contains; if
    // there are none, something positioned escapes its scroller: the furthest elements then.
    const past = [...document.body.querySelectorAll('*')].filter((el) => {
        const rect = el.getBoundingClientRect();
        return rect.right > limit + 1 && !hidden(getComputedStyle(el)) && !control(el);
    });
    const describe = (el) => {
        const rect = el.getBoundingClientRect();
        return `${name(el)} (${Math.round(rect.width)} px wide, to ${Math.round(rect.right)} px)`;
    };
    for (const el of past) {
        let contained = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') { contained = true; break; }
        }
        const parent = el.parentElement;
        if (contained || past.includes(parent)) continue;
        report.wide.push(describe(el));
        if (report.wide.length >= 10) break;
    }
    if (!report.wide.length) {
        past.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
        report.wide = past.slice(0, 5).map((el) => `${describe(el)}, escapes its scroller`);
    }
    return report;
}"""


def assert_reflows(page: Page) -> None:
    """WCAG 1.4.10 at 320 CSS px: no sideways scrolling of the page, nothing cut off, and every
    sideways scroller a labelled region. The viewport is restored afterwards."""
    original = page.viewport_size
    page.set_viewport_size(REFLOW_VIEWPORT)
    try:
        report = page.evaluate(_REFLOW_CHECK, REFLOW_VIEWPORT["width"])
    finally:
        if original:
            page.set_viewport_size(original)
    __tracebackhide__ = True
    problems: list[str] = []
    if report["width"] > REFLOW_VIEWPORT["width"]:
        problems.append(f"the page is {report['width']} px wide and scrolls sideways; too wide:")
        problems += [f"    {element}" for element in report["wide"]]
    if report["clipped"]:
        problems.append("content is cut off (overflow hidden or clip):")
        problems += [f"    {element}" for element in report["clipped"]]
    if report["unlabelled"]:
        problems.append(
            'scrolls sideways without being a labelled scroll region (role="region",'
            ' aria-labelledby, tabindex="0"):'
        )
        problems += [f"    {element}" for element in report["unlabelled"]]
    assert not problems, f"Reflow at {REFLOW_VIEWPORT['width']} px fails on {page.url}:\n" + (
        "\n".join(f"- {p}" if not p.startswith("    ") else p for p in problems)
    )


def assert_accessible(page: Page) -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the page as it is now, then the reflow check at
    320 px; fail on any violation."""
    page.wait_for_load_state("load")
    violations = _run_axe(page) if page.evaluate(_SCRIPTS_RUN) else _run_axe_on_copy(page)
    assert not violations, _format_violations(page, violations)
    assert_reflows(page)


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


TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's


def log_in_with_code(page: Page, email: str, sign_in: str = "Sign In") -> None:
    """Log in as someone with tests.conftest.give_second_factor's authenticator."""
    from tests.factories import PASSWORD

    log_in(page, email, PASSWORD)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    with page.expect_navigation():
        page.get_by_role("button", name=sign_in, exact=True).click()
    expect(page).to_have_url(re.compile(r"/work/$"))


def t(lang: str, text) -> str:
    """The project's own text in ``lang``; ``text`` a msgid or a lazy label."""
    from django.utils.translation import gettext, override

    with override(lang):
        return gettext(text) if isinstance(text, str) else str(text)


def nb(text) -> str:
    return t("nb", text)


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
