"""Every page and endpoint that shows a child's data writes exactly one read event.

Generated from the URLconf with the walk of tests/urlwalk.py (the one the security headers'
test uses): each pattern is requested with GET, as the coordinator of the scenario's case (who
may see every object it names), and the access-log events the request wrote are compared with
what the view shows:

* CHILD_DATA — the view shows a child's data: exactly one event, with a read action of
  helhet.audit.actions, the actor, the municipality, and the child's and case's ids (none for a
  list of many children, which names no single one);
* NO_CHILD_DATA — the view shows no child's data: no event at all;
* NOT_A_READ — neither (a write that a GET cannot reach, or a door tested elsewhere), with the
  reason; still requested where it can be: a "POST only" route must answer a GET with 405 and
  write nothing.

A pattern in none of them fails ``test_every_url_pattern_is_classified`` until someone decides
what it shows.
"""

from __future__ import annotations

import dataclasses

import pytest

from helhet.audit.actions import _READS as READ_ACTIONS
from helhet.audit.models import AuditEvent
from tests.urlwalk import UNREACHABLE, build_url_scenario, routes, url_for

pytestmark = pytest.mark.django_db


@dataclasses.dataclass(frozen=True)
class Read:
    """The one event a view writes: its action, and whether it names the scenario's child and
    case (``child``/``case``: True for the scenario's, False for none, or the name of another
    of the scenario's objects)."""

    action: str
    child: bool | str = True
    case: bool | str = True


CASE_READ = Read("case.read")
CASE_EXPORT = Read("case.export")
CONCERN_READ = Read("concern.read", case=False)  # the open concern has no case yet
LIST = Read("api.list", child=False, case=False)  # many children: one event, no single child

CHILD_DATA: dict[str, Read] = {
    # My work lists the children waiting for the professional.
    "work/": Read("work.read", child=False, case=False),
    "work/concerns/new/child/<int:child_pk>/": Read("child.read", case=False),
    "work/concerns/<int:pk>/": CONCERN_READ,
    # Absence signals: the list names pupils; a signal (and the concern form it fills in) one.
    "work/signals/": Read("signal.list", child=False, case=False),
    "work/signals/<int:pk>/": Read("signal.read", case=False),
    "work/signals/pupils/": Read("enrolment.list", child=False, case=False),
    "work/signals/<int:pk>/concern/": Read("signal.read", case=False),
    "api/v1/^signals/$": Read("signal.list", child=False, case=False),
    "api/v1/^signals/(?P<pk>[0-9]+)/$": Read("signal.read", case=False),
    "work/pathways/<int:pk>/": Read("pathway.read", case=False),
    "api/v1/^pathways/(?P<pk>[0-9]+)/$": Read("pathway.read", case=False),
    "api/v1/^follow-ups/$": Read("follow_up.list", child=False, case=False),
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/$": Read("follow_up.read", case=False),
    "work/follow-up/": Read("follow_up.list", child=False, case=False),
    "work/follow-up/<int:pk>/": Read("follow_up.read", case=False),
    "work/follow-up/<int:pk>/concern/": Read("follow_up.read", case=False),
    # The national report's figures: aggregates, but an export is always recorded.
    "work/follow-up/counts.csv": Read("follow_up.count_export", child=False, case=False),
    "work/administration/professionals/<int:pk>/": Read(
        "administration.professional.read", child=False, case=False
    ),
    "work/follow-up/counts.xlsx": Read("follow_up.count_export", child=False, case=False),
    "work/indicators/self-assessment/export.csv": Read(
        "indicators.export", child=False, case=False
    ),
    "work/indicators/self-assessment/export.xlsx": Read(
        "indicators.export", child=False, case=False
    ),
    "work/screening/overview/export.csv": Read(
        "screening.overview_export", child=False, case=False
    ),
    "work/screening/overview/export.xlsx": Read(
        "screening.overview_export", child=False, case=False
    ),
    "work/indicators/export.csv": Read("indicators.export", child=False, case=False),
    "work/indicators/export.xlsx": Read("indicators.export", child=False, case=False),
    "work/indicators/export.pdf": Read("indicators.export", child=False, case=False),
    "work/indicators/networks/<int:pk>/comparison.xlsx": Read(
        "indicators.export", child=False, case=False
    ),
    "work/indicators/networks/<int:pk>/comparison.csv": Read(
        "indicators.export", child=False, case=False
    ),
    "work/screening/groups/<int:pk>/": Read("screening.group.read", child=False, case=False),
    "work/screening/rounds/<int:pk>/": Read("screening.round.read", child=False, case=False),
    "work/screening/talks/<int:pk>/concern/": Read("screening.round.read", case=False),
    "work/concerns/<int:pk>/decide/": CONCERN_READ,
    "work/cases/<int:pk>/": CASE_READ,
    "work/cases/<int:pk>/log/": CASE_READ,
    "work/cases/<int:pk>/log/new/": CASE_READ,
    "work/cases/<int:pk>/log/<int:entry_pk>/correct/": CASE_READ,
    "work/cases/<int:pk>/log/<int:entry_pk>/withhold/": CASE_READ,
    "work/cases/<int:pk>/consent/ask/": CASE_READ,
    "work/cases/<int:pk>/team/add/": CASE_READ,
    "work/cases/<int:pk>/team/<int:member_pk>/remove/": CASE_READ,
    "work/cases/<int:pk>/consent/new/": CASE_READ,
    "work/cases/<int:pk>/consent/<int:consent_pk>/withdraw/": CASE_READ,
    "work/cases/<int:pk>/lawful-basis/new/": CASE_READ,
    "work/cases/<int:pk>/level/": CASE_READ,
    "work/cases/<int:pk>/handover/new/": CASE_READ,
    "work/cases/<int:pk>/close/": CASE_READ,
    "work/cases/<int:pk>/access-log/": Read("case.access_log.read"),
    "work/handovers/<int:pk>/": CASE_READ,
    "work/cases/<int:pk>/plan/": CASE_READ,
    "work/cases/<int:pk>/plan/goals/new/": CASE_READ,
    "work/cases/<int:pk>/plan/goals/<int:goal_pk>/": CASE_READ,
    "work/cases/<int:pk>/plan/goals/<int:goal_pk>/measures/new/": CASE_READ,
    "work/cases/<int:pk>/plan/measures/<int:measure_pk>/": CASE_READ,
    "work/cases/<int:pk>/plan/evaluation-date/": CASE_READ,
    "work/cases/<int:pk>/plan/evaluations/new/": CASE_READ,
    "work/cases/<int:pk>/plan/pdf/": CASE_EXPORT,
    "work/cases/<int:pk>/what-matters/": CASE_READ,
    "work/cases/<int:pk>/meetings/": CASE_READ,
    "work/cases/<int:pk>/meetings/new/": CASE_READ,
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/": CASE_READ,
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/minutes/": CASE_READ,
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/cancel/": CASE_READ,
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/pdf/": CASE_EXPORT,
    # The access log names who read which case: the search is itself recorded.
    "audit/": Read("audit.search", child=False, case=False),
    # The archive: the officer's reading of closed cases is recorded as any other.
    "work/retention/": Read("archive.overview", child=False, case=False),
    "work/retention/archive/": Read("archive.list", child=False, case=False),
    "work/retention/archive/<int:pk>/": Read(
        "archive.read", child="archived_child", case="archived_case"
    ),
    "api/v1/^audit-events/$": Read("audit.search", child=False, case=False),
    "api/v1/^children/(?P<pk>[0-9]+)/$": Read("child.read", case=False),
    "api/v1/^concerns/$": LIST,
    "api/v1/^concerns/(?P<pk>[0-9]+)/$": CONCERN_READ,
    "api/v1/^cases/$": LIST,
    "api/v1/^cases/(?P<pk>[0-9]+)/$": CASE_READ,
    "api/v1/cases/<int:case_pk>/team/": CASE_READ,
    "api/v1/cases/<int:case_pk>/consents/": CASE_READ,
    "api/v1/cases/<int:case_pk>/lawful-bases/": CASE_READ,
    "api/v1/cases/<int:case_pk>/handovers/": CASE_READ,
    "api/v1/cases/<int:case_pk>/log/": CASE_READ,
    "api/v1/cases/<int:case_pk>/log/<int:pk>/": CASE_READ,
    "api/v1/handovers/<int:pk>/": CASE_READ,
    "api/v1/cases/<int:case_pk>/plan/": CASE_READ,
    "api/v1/cases/<int:case_pk>/plan/pdf/": CASE_EXPORT,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/(?P<pk>[0-9]+)/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/measures/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/measures/(?P<pk>[0-9]+)/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/evaluations/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/evaluations/(?P<pk>[0-9]+)/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/$": CASE_READ,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/$": CASE_READ,
    "api/v1/^tasks/$": LIST,
}

# Pages and endpoints that show no child's data. A key ending in "*" names every route under it.
NO_CHILD_DATA: dict[str, str] = {
    "healthz": "a health check",
    "i18n/setlang/": "changes the language",
    "accounts/*": "the signed-in person's own account (allauth): login, e-mail, password, MFA",
    "directory/": "the service directory: services and their contact persons",
    "directory/new/": "a form for a new service",
    "directory/<int:pk>/": "one service",
    "directory/<int:pk>/edit/": "a service's form",
    "work/concerns/new/": "the search form (a search is a POST, recorded as child.lookup)",
    "work/concerns/new/child/": "the form to register a child not found (nothing filled in)",
    "help/terms/": "the glossary of the 0-24 terms",
    "work/signals/import/": "the import form and the school's latest imports (counts only)",
    "work/signals/rules/": "the municipality's absence rules",
    "work/pathways/templates/": "the municipality's pathway templates",
    "api/v1/^pathway-templates/$": "the municipality's pathway templates",
    "work/follow-up/import/": "the form to import from the school register",
    "work/follow-up/counts/": "counts by status, suppressed (aggregates only)",
    "work/screening/": "the groups: their names and sizes, no child named",
    "work/indicators/": "the leaders' figures, suppressed (aggregates only)",
    "work/indicators/self-assessment/": "the leader group's scores of the six areas",
    "work/indicators/self-assessment/<slug:area>/": "the self-assessment form",
    "work/indicators/networks/": "the networks and whether the municipality takes part",
    "work/indicators/research/": "the research projects and the form for a new one",
    "work/indicators/research/<int:pk>/": "a project's purpose, period and fields",
    "work/indicators/networks/<int:pk>/": "the members' figures side by side, suppressed",
    "work/screening/groups/new/": "the form for a new group",
    "work/screening/import/": "the form to import class lists",
    "work/screening/overview/": "ratings counted per group, suppressed (aggregates only)",
    "work/pathways/templates/<int:pk>.json": "one pathway template as a file",
    "work/signals/rules/new/": "a form for a new absence rule",
    "work/signals/rules/<int:pk>/": "one absence rule's form",
    "api/v1/^municipalities/$": "municipalities",
    "api/v1/^municipalities/(?P<pk>[0-9]+)/$": "one municipality",
    "api/v1/^services/$": "the service directory",
    "api/v1/^services/(?P<pk>[0-9]+)/$": "one service",
    "api/schema/": "the OpenAPI schema",
    "api/docs/": "the API's documentation page",
    "api-tokens/": "the professional's own API tokens",
    "": "the home page",
    "work/administration/": "the municipality's professionals and their services (no child)",
    "work/administration/invite/": "the form to invite a professional",
    "work/administration/import/": "the form to import staff from the HR system",
    "work/retention/holds/new/": "the form to place a legal hold (by identity number)",
    "work/administration/profile/": "the jurisdiction profile and its changes",
    "work/administration/invitation/": "the invitation's password form (no login)",
    "work/administration/invitation/<str:token>/": "an invitation link: to its form, or why not",
    # The citizens' door. A professional's session is not a citizen's: each page sends them to
    # the portal's start page. Their reads as citizens: tests/portal/test_pages.py.
    "portal/*": "the family portal, to a professional's session only its start page",
}

_POST = "POST only, a write: a GET is refused (405) and writes nothing"

NOT_A_READ: dict[str, str] = {
    "admin/*": (
        "the operators' admin is audited as admin.list/admin.read per row and municipality, "
        "generated from the admin's registry: tests/admin/test_admin_access_log.py"
    ),
    "accounts/session/keepalive/": "POST only: extends the session, shows nothing",
    "work/tasks/<int:pk>/done/": _POST,
    "work/signals/<int:pk>/dismiss/": _POST,
    "work/signals/pupils/<int:pk>/": _POST,
    "api/v1/^signals/(?P<pk>[0-9]+)/dismiss/$": _POST,
    "work/pathways/start/<int:signal_pk>/": _POST,
    "work/pathways/start/concern/<int:concern_pk>/": _POST,
    "work/pathways/start/case/<int:case_pk>/": _POST,
    "api/v1/^pathways/(?P<pk>[0-9]+)/steps/(?P<step_pk>[0-9]+)/done/$": _POST,
    "api/v1/^pathways/$": _POST + " (starts a pathway)",
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/contacts/$": _POST,
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/status/$": _POST,
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/measures/$": _POST,
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/measures/(?P<measure_pk>[0-9]+)/outcome/$": _POST,
    "work/follow-up/<int:pk>/status/": _POST,
    "work/follow-up/<int:pk>/contacts/": _POST,
    "work/follow-up/<int:pk>/counsellor/": _POST,
    "work/follow-up/<int:pk>/measures/": _POST,
    "work/follow-up/<int:pk>/measures/<int:measure_pk>/": _POST,
    **{
        f"work/screening/{route}": _POST
        for route in (
            "groups/<int:pk>/children/",
            "groups/<int:pk>/children/<int:child_pk>/remove/",
            "groups/<int:pk>/staff/",
            "groups/<int:pk>/staff/<int:professional_pk>/remove/",
            "groups/<int:pk>/rounds/",
            "rounds/<int:pk>/ratings/",
            "rounds/<int:pk>/informed/",
            "rounds/<int:pk>/close/",
            "talks/<int:pk>/",
        )
    },
    "work/pathways/<int:pk>/steps/<int:step_pk>/done/": _POST,
    "work/pathways/<int:pk>/stop/": _POST,
    "work/indicators/networks/<int:pk>/join/": _POST,
    "work/indicators/research/<int:pk>/approve/": _POST,
    **{
        f"work/administration/professionals/<int:pk>/{rest}": _POST
        for rest in ("membership/", "roles/", "deactivate/", "reactivate/", "resend/")
    },
    "work/administration/professionals/<int:pk>/membership/<int:service_pk>/end/": _POST,
    "work/indicators/research/<int:pk>/end/": _POST,
    "work/indicators/research/<int:pk>/extract/": _POST
    + " (the extract, recorded as research.extract: tests/indicators/test_research.py)",
    "work/indicators/networks/<int:pk>/leave/": _POST,
    "work/retention/holds/<int:pk>/lift/": _POST,
    "api/v1/schools/<int:school_pk>/absence-imports/": _POST + " (imports a school's file)",
    "work/signals/import/example.csv": "the demo's synthetic attendance file (demo only)",
    "work/concerns/new/child/add-number/": _POST
    + " (gives a child its number: child.national_id_add)",
    "api/v1/^children/$": _POST + " (it registers a child)",
    "api/v1/^children/search/$": "POST only (personal data stays out of URLs): child.lookup",
    "api/v1/^concerns/(?P<pk>[0-9]+)/decide/$": _POST,
    "api/v1/cases/<int:case_pk>/team/<int:pk>/remove/": _POST,
    "api/v1/cases/<int:case_pk>/consents/<int:pk>/withdraw/": _POST,
    "api/v1/cases/<int:case_pk>/log/<int:pk>/correct/": _POST,
    "api/v1/cases/<int:case_pk>/close/": _POST,
    "api/v1/cases/<int:case_pk>/level/": _POST,
    "api/v1/handovers/<int:pk>/accept/": _POST,
    "api/v1/handovers/<int:pk>/reject/": _POST,
    "api/v1/cases/<int:case_pk>/plan/evaluation-date/": _POST,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/(?P<pk>[0-9]+)/measures/$": _POST,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/cancel/$": _POST,
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/minutes/$": _POST,
    "api/v1/^tasks/(?P<pk>[0-9]+)/complete/$": _POST,
    "api-tokens/<int:pk>/revoke/": _POST,
    "work/cases/<int:pk>/consent/ask/cancel/": _POST,
    "portal/login/<slug:provider>/": _POST + " (starts the e-ID login)",
    "portal/logout/": _POST,
    "portal/cases/<int:pk>/consent/withdraw/": _POST,
    "portal/cases/<int:pk>/consent/answer/": _POST,
    "portal/cases/<int:pk>/consent/own/": _POST,
    "portal/callback/<slug:provider>/": (
        "the e-ID provider's answer; refused without the login's state (tests/portal/test_login.py)"
    ),
}
NOT_WALKED = ("admin/",)  # what this walk leaves to the tests named in NOT_A_READ
TABLES = {"CHILD_DATA": CHILD_DATA, "NO_CHILD_DATA": NO_CHILD_DATA, "NOT_A_READ": NOT_A_READ}


def _matches(key: str, route: str) -> bool:
    return route.startswith(key[:-1]) if key.endswith("*") else route == key


def _classes(route: str) -> list[str]:
    """The tables that list the route: by its own text, else by a prefix ("…*")."""
    exact = [name for name, table in TABLES.items() if route in table]
    return exact or [
        name for name, table in TABLES.items() if any(_matches(key, route) for key in table)
    ]


def test_every_url_pattern_is_classified():
    unclassified = [route for route in routes() if not _classes(route)]
    assert not unclassified, (
        "New URL patterns: does the view show a child's data? List each in CHILD_DATA (with "
        f"the read event it writes), NO_CHILD_DATA or NOT_A_READ (with the reason): {unclassified}"
    )
    twice = {route: _classes(route) for route in routes() if len(_classes(route)) > 1}
    assert not twice, f"Listed in more than one table: {twice}"
    every = set(routes())
    stale = {
        key
        for table in TABLES.values()
        for key in table
        if not any(_matches(key, route) for route in every)
    }
    assert not stale, f"Listed patterns that no longer exist: {stale}"
    assert {read.action for read in CHILD_DATA.values()} <= READ_ACTIONS


def _events_after(pk: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=pk).order_by("pk"))


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _expected_id(which: bool | str, objects: dict, default: int) -> int | None:
    if isinstance(which, str):
        return objects[which]
    return default if which else None


def test_every_view_of_a_childs_data_writes_exactly_one_read_event(client):
    world, _operator, objects = build_url_scenario()
    teacher = world.teacher.user
    client.force_login(teacher)
    reads, problems = 0, []
    for route in routes():
        if route in UNREACHABLE or route.startswith(NOT_WALKED):
            continue
        url = url_for(route, objects)
        assert url is not None, f"no way to fill {route}"
        before = _last_event()
        response = client.get(url)
        events = [
            (e.action, e.actor_id, e.municipality_id, e.child_id, e.case_id)
            for e in _events_after(before)
        ]
        read = CHILD_DATA.get(route)
        if read is None:
            if events:
                problems.append(f"{url}: shows no child's data but wrote {events}")
            if NOT_A_READ.get(route, "").startswith("POST only"):
                if response.status_code != 405:
                    problems.append(f"{url}: a GET of a POST-only endpoint: {response.status_code}")
            elif response.status_code >= 400:
                problems.append(f"{url}: {response.status_code}")
            continue
        reads += 1
        if response.status_code != 200:
            problems.append(f"{url}: {response.status_code}, the data was not shown")
        expected = (
            read.action,
            teacher.pk,
            world.municipality.pk,
            _expected_id(read.child, objects, world.child.pk),
            _expected_id(read.case, objects, objects["case"]),
        )
        if events != [expected]:
            problems.append(f"{url}: expected one event {expected}, got {events}")
    assert not problems, "\n".join(problems)
    assert reads == len(CHILD_DATA)


def test_a_professional_of_another_municipality_reads_nothing(client):
    """The same walk by someone who may see none of it: 404s (or empty lists), and never an
    event naming the child or the case."""
    from tests.scenarios import build_world

    _world, _operator, objects = build_url_scenario()
    stranger = build_world().teacher
    client.force_login(stranger.user)
    before = _last_event()
    for route in CHILD_DATA:
        response = client.get(url_for(route, objects))
        assert response.status_code in (200, 404), (route, response.status_code)
    leaked = [
        (e.action, e.child_id, e.case_id)
        for e in _events_after(before)
        if e.child_id is not None or e.case_id is not None
    ]
    assert not leaked, leaked
