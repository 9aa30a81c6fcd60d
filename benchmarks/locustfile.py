"""Locust scenario: a working day of professionals in Helhet, and /healthz as the ceiling.

Run through benchmarks/run.py, or by hand against a running server:

    HELHET_BENCH_PROFILES=var/bench/profiles.json \\
        uv run locust -f benchmarks/locustfile.py --headless -u 8 -t 30s \\
        --host http://127.0.0.1:8001 Professional

User classes (pick one on the command line, as run.py does, so each phase measures one thing):

- ``Professional``: a logged-in professional (session cookie and API token from
  benchmarks/prepare.py) doing the day's work — *My work*, case pages, log entries, directory
  searches, concern registration and API reads — weighted roughly as a working day.
- ``Healthz``: only ``GET /healthz`` (one ``SELECT 1``): the framework's ceiling on this machine.

Requests are named by endpoint template (``case page``, not the URL), so statistics group per
endpoint. No personal data goes into a URL: the child search is POSTed, as in a browser.

Environment: ``HELHET_BENCH_PROFILES`` (the JSON from prepare.py, required for Professional) and
``HELHET_BENCH_WAIT`` (the professionals' think time in seconds: ``0`` — the default, a closed
loop that saturates the server, as the throughput ratio needs — or ``1-3`` for a random pause
between tasks; the ratio to /healthz then says nothing).
"""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
import re
import urllib.parse
from html.parser import HTMLParser

from locust import FastHttpUser, between, constant, tag, task

# --- configuration ------------------------------------------------------------------------------


def _wait_time():
    raw = os.environ.get("HELHET_BENCH_WAIT", "0").strip()
    low, _sep, high = raw.partition("-")
    return between(float(low), float(high)) if high else constant(float(low))


_profiles: list[dict] | None = None
_profile_numbers = itertools.count()
_meta: dict = {}


def _next_profile() -> dict:
    """Each simulated user takes the next profile (its own session), cycling if there are more
    users than profiles."""
    global _profiles
    if _profiles is None:
        path = os.environ.get("HELHET_BENCH_PROFILES")
        if not path:
            raise RuntimeError("Set HELHET_BENCH_PROFILES to the JSON file of prepare.py.")
        with open(path) as handle:
            data = json.load(handle)
        _profiles = data["profiles"]
        _meta.update(data)
    return _profiles[next(_profile_numbers) % len(_profiles)]


# Directory searches people type: needs and services in Norwegian, Swedish and English.
SEARCH_TERMS = [
    "skolefravær",
    "psykisk helse",
    "mobbing",
    "foreldrestøtte",
    "rus",
    "helsesykepleier",
    "PPT",
    "språk",
    "ensomhet",
    "skolfrånvaro",
    "school absence",
    "mental health",
    "bullying",
    "parenting",
]
LOG_TEXTS = [
    "Samtale med eleven og kontaktlærer. Avtalt ukentlig oppfølging; neste møte om to uker.",
    "Møte med foreldrene. De opplever bedring hjemme; vi fortsetter tiltakene som planlagt.",
    "Telefon med helsesykepleier: tilbud om samtaler hver onsdag, eleven ønsker å prøve.",
]


# --- reading forms like a browser ---------------------------------------------------------------


class _FormParser(HTMLParser):
    """The fields of each <form> with the values a browser would send unchanged: hidden and text
    inputs, checked radios and checkboxes, selected options, textareas. Also the links (href)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag_name, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag_name == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag_name == "form":
            self._form = {"action": a.get("action", ""), "fields": {}, "options": {}}
            self.forms.append(self._form)
            return
        if self._form is None or not a.get("name"):
            if tag_name == "option" and self._form is not None and self._select:
                self._option(a)
            return
        name, fields = a["name"], self._form["fields"]
        if tag_name == "input":
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"radio", "checkbox"}:
                self._form["options"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    fields[name] = a.get("value", "on")
                return
            fields.setdefault(name, a.get("value", ""))
        elif tag_name == "select":
            self._select = name
            self._form["options"].setdefault(name, [])
        elif tag_name == "textarea":
            self._textarea = name
            fields[name] = ""

    def _option(self, a):
        options = self._form["options"][self._select]
        options.append(a.get("value", ""))
        fields = self._form["fields"]
        if "selected" in a or self._select not in fields:
            fields[self._select] = a.get("value", "")  # the first option, unless one is selected

    def handle_endtag(self, tag_name):
        if tag_name == "form":
            self._form = None
        elif tag_name == "select":
            self._select = None
        elif tag_name == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form["fields"][self._textarea] += data


def form_with(html: str, field: str) -> dict | None:
    """The first form on the page that has ``field`` (e.g. "csrfmiddlewaretoken"), else None."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if field in form["fields"] or field in form["options"]:
            return form
    return None


def links_matching(html: str, pattern: re.Pattern) -> list[str]:
    parser = _FormParser()
    parser.feed(html)
    return [href for href in parser.links if pattern.fullmatch(href)]


def _first_choice(form: dict, name: str) -> str:
    """A select's or radio group's first real choice (a person picks one)."""
    return next((v for v in form["options"].get(name, []) if v), "")


FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
CONCERN_LINK = re.compile(r"/work/concerns/new/child/\d+/")


# --- the users ----------------------------------------------------------------------------------


class Professional(FastHttpUser):
    """A professional's working day. Weights (per task picked): reads dominate, as in real work;
    writes are a few percent of requests."""

    wait_time = _wait_time()

    def on_start(self):
        self.profile = _next_profile()
        host = urllib.parse.urlsplit(self.host).hostname
        # The session made by prepare.py, as the browser would hold it after logging in.
        self.client.cookiejar.set_cookie(
            http.cookiejar.Cookie(
                version=0,
                name=_meta["session_cookie"],
                value=self.profile["session"],
                port=None,
                port_specified=False,
                domain=host,
                domain_specified=False,
                domain_initial_dot=False,
                path="/",
                path_specified=True,
                secure=False,
                expires=None,
                discard=True,
                comment=None,
                comment_url=None,
                rest={"HttpOnly": ""},
            )
        )
        self.api = {"Authorization": f"Bearer {self.profile['api_token']}"}

    def _case(self) -> int:
        return random.choice(self.profile["case_ids"])

    def _page(self, url: str, name: str, *, expect: str | None = None):
        """GET an HTML page; a failure unless 200 (a redirect to the login page is a failure:
        the session was refused)."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif expect and expect not in response.text:
                response.failure(f"no {expect!r} on the page")
            else:
                response.success()
            return response

    def _post(self, url: str, fields: dict, name: str, *, redirect_to: re.Pattern | None = None):
        """POST a form; success is the POST-redirect-GET redirect (to ``redirect_to``)."""
        body = urllib.parse.urlencode(fields, doseq=True)
        with self.client.post(
            url,
            data=body,
            headers={**FORM_HEADERS, "Referer": f"{self.host}{url}"},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "") if response.headers else ""
            if response.status_code != 302:
                response.failure(f"{response.status_code}: form refused or error")
            elif redirect_to and not redirect_to.search(location):
                response.failure(f"redirected to {location!r}")
            else:
                response.success()
            return response

    def _api(self, url: str, name: str):
        with self.client.get(url, name=name, headers=self.api, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            else:
                response.success()

    # --- pages ---

    @task(20)
    def my_work(self):
        self._page("/work/", "my work")

    @task(30)
    def case_page(self):
        self._page(f"/work/cases/{self._case()}/", "case page")

    @task(10)
    def directory_search(self):
        query = urllib.parse.urlencode({"q": random.choice(SEARCH_TERMS)})
        self._page(f"/directory/?{query}", "directory search")

    @task(6)
    def log_append(self):
        """Open the log form of a case, fill it in, send it: back on the case page."""
        case_id = self._case()
        url = f"/work/cases/{case_id}/log/new/"
        page = self._page(url, "log form")
        form = form_with(page.text or "", "version") if page.status_code == 200 else None
        if form is None:
            return
        fields = dict(form["fields"])  # csrf token, version (hidden), kind (checked radio)
        fields["kind"] = fields.get("kind") or _first_choice(form, "kind")
        fields["text"] = random.choice(LOG_TEXTS)
        fields["strengths"] = "Møter opp og sier selv at det går bedre."
        self._post(url, fields, "log append", redirect_to=re.compile(rf"/work/cases/{case_id}/$"))

    @task(2)
    def concern_registration(self):
        """Find the child by exact identity number, open the concern form, register it."""
        if not (self.profile["can_register_concern"] and self.profile["identity_numbers"]):
            return
        start = self._page("/work/concerns/new/", "concern start")
        form = form_with(start.text or "", "national_id") if start.status_code == 200 else None
        if form is None:
            return
        fields = {
            **form["fields"],
            "national_id": random.choice(self.profile["identity_numbers"]),
            "family_name": "",
            "date_of_birth": "",
        }
        with self.client.post(
            "/work/concerns/new/",
            data=urllib.parse.urlencode(fields),
            headers=FORM_HEADERS,
            name="child lookup",
            catch_response=True,
        ) as found:
            links = links_matching(found.text or "", CONCERN_LINK)
            if found.status_code != 200 or not links:
                found.failure(f"{found.status_code}: child not found")
                return
            found.success()
        url = links[0]
        page = self._page(url, "concern form")
        form = form_with(page.text or "", "once_token") if page.status_code == 200 else None
        if form is None:
            return
        fields = dict(form["fields"])  # csrf, one-time token, decision date, a sole service
        fields["service"] = fields.get("service") or _first_choice(form, "service")
        fields["observation"] = "Har vært borte flere enkeltdager siste måned, ofte mandager."
        fields["strengths"] = "God venn i klassen, trener fotball, liker naturfag."
        fields["child_voice"] = "Det er vanskelig å komme seg av gårde om morgenen."
        fields["worry"] = str(random.randint(2, 7))
        self._post(url, fields, "concern register", redirect_to=re.compile(r"/work/concerns/\d+/$"))

    # --- API reads (an integration acting for the professional, with a read token) ---

    @task(6)
    def api_cases(self):
        self._api("/api/v1/cases/", "api cases")

    @task(6)
    def api_case(self):
        self._api(f"/api/v1/cases/{self._case()}/", "api case")

    @task(5)
    def api_case_log(self):
        self._api(f"/api/v1/cases/{self._case()}/log/", "api case log")

    @task(3)
    def api_tasks(self):
        self._api("/api/v1/tasks/", "api tasks")


class Healthz(FastHttpUser):
    """The framework's ceiling: routing, middleware and one database round trip, as fast as the
    server answers (no think time, whatever HELHET_BENCH_WAIT says: a ceiling is a maximum)."""

    wait_time = constant(0)

    @tag("healthz")
    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")
