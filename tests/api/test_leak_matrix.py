"""Zero leaks over the API: every endpoint × every actor who must not see the object answers
exactly like a missing object (404), and lists never show the child.

Generated from the API's URLconf, so an endpoint is covered the day it is added (and fails here
until this file knows how to fill its parameters). The world and the outsiders are the relay's
leak matrix (tests/access/test_leak_matrix.py): another municipality, an unrelated service,
withdrawn consent, a former team member, a rejected handover receiver.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import URLPattern, URLResolver, reverse

from helhet.api import urls as api_urls
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup.models import FollowUp
from helhet.pathways import services as pathway_services
from helhet.pathways.models import PathwayTemplate
from helhet.people.models import Membership
from helhet.plans import services as plan_services
from helhet.reminders.models import Task
from helhet.signals.models import Enrolment, RuleKind, Signal
from helhet.signals.services import absence_rules_ensure
from tests.access.test_leak_matrix import leaky_world  # noqa: F401 (the shared world fixture)
from tests.api.conftest import api_client
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

# Endpoints without an object in the path: lists and searches. They answer outsiders (200, or
# 404 for a resource they may not use at all) but never with the child's data.
LISTS = {
    "municipality-list",
    "service-list",
    "child-list",
    "child-search",
    "concern-list",
    "case-list",
    "task-list",
    "audit-event-list",
    "signal-list",
    "follow-up-list",
}
# The directory is shared by the whole municipality: only another municipality is an outsider.
MUNICIPALITY_WIDE = {"municipality-detail", "service-detail"}

# Which object a pattern's ``pk`` names, by the start of the URL name.
PK_OWNER = [
    ("signal", "signal_pk"),
    ("pathway", "pathway_pk"),
    ("follow-up", "follow_up_pk"),
    ("case-team", "member_pk"),
    ("case-consent", "consent_pk"),
    ("case-log", "entry_pk"),
    ("handover", "handover"),
    ("plan-goal", "goal_pk"),
    ("plan-measure", "measure_pk"),
    ("plan-evaluation", "evaluation_pk"),
    ("meeting", "meeting_pk"),
    ("task", "task_pk"),
    ("concern", "concern"),
    ("child", "child_pk"),
    ("case", "case"),
    ("municipality", "municipality_pk"),
    ("service", "service_pk"),
]


SIGNAL_FACTS = {"month": "2026-11", "days": "5", "threshold": 3}


def _patterns(patterns=None) -> list[URLPattern]:
    found = []
    for p in patterns if patterns is not None else api_urls.v1:
        if isinstance(p, URLResolver):
            found += _patterns(p.url_patterns)
        else:
            found.append(p)
    return found


def _params(pattern: URLPattern) -> list[str]:
    converters = list(getattr(pattern.pattern, "converters", {}))
    return converters or list(pattern.pattern.regex.groupindex)


def _kwargs(pattern: URLPattern, objects: dict) -> dict:
    kwargs = {}
    for name in _params(pattern):
        if name == "case_pk":
            kwargs[name] = objects["case"]
        elif name == "pk":
            owner = next(key for prefix, key in PK_OWNER if pattern.name.startswith(prefix))
            kwargs[name] = objects[owner]
        else:
            kwargs[name] = objects[name]
    return kwargs


OBJECT_PATTERNS = [p for p in _patterns() if p.name not in LISTS]
LIST_PATTERNS = [p for p in _patterns() if p.name in LISTS]


@pytest.fixture
def api_world(leaky_world):  # noqa: F811 (the imported fixture)
    world, objects, outsiders, _nurses_concern = leaky_world
    from helhet.cases.models import Case

    case = Case.objects.get(pk=objects["case"])
    plan_services.evaluation_schedule(
        case=case, scheduled_by=world.teacher.user, due=clock.today() + datetime.timedelta(days=3)
    )
    objects["task_pk"] = Task.objects.get(case=case, kind="evaluation_due").pk
    objects["municipality_pk"] = world.municipality.pk
    objects["service_pk"] = world.school.pk
    objects.setdefault("evaluation_pk", 999998)  # no evaluation yet: must still be 404
    # The child's absence raised a signal, seen by the teacher as contact teacher; the school's
    # leaders import its files.
    Enrolment.objects.create(school=world.school, child=world.child, contact_teacher=world.teacher)
    rules = absence_rules_ensure(municipality=world.municipality)
    rule = next(r for r in rules if r.kind == RuleKind.DAYS_IN_MONTH)
    objects["signal_pk"] = Signal.objects.create(
        school=world.school, child=world.child, rule=rule, key="2026-11", facts=SIGNAL_FACTS
    ).pk
    objects["school_pk"] = world.school.pk
    # ... on a pathway; and the child is on the follow-up service's register (the teacher works
    # there too).
    pathway_services.pathway_templates_ensure(municipality=world.municipality)
    pathway = pathway_services.pathway_start(
        started_by=world.teacher.user,
        signal_pk=objects["signal_pk"],
        template_pk=PathwayTemplate.objects.get(
            municipality=world.municipality, code="worrying-school-absence"
        ).pk,
    )
    objects["pathway_pk"] = pathway.pk
    objects["step_pk"] = pathway.steps.get(key="call-home").pk
    follow_up_service = ServiceFactory(municipality=world.municipality, sector=Sector.FOLLOW_UP)
    Membership.objects.create(professional=world.teacher, service=follow_up_service)
    objects["follow_up_pk"] = FollowUp.objects.create(
        service=follow_up_service,
        child=world.child,
        reason="left",
        since=clock.today(),
        status_since=clock.today(),
    ).pk
    return world, objects, outsiders


@pytest.mark.parametrize("pattern", OBJECT_PATTERNS, ids=[p.name for p in OBJECT_PATTERNS])
def test_no_outsider_reaches_any_api_object(api_world, pattern):
    world, objects, outsiders = api_world
    kwargs = _kwargs(pattern, objects)
    url = reverse(f"api:v1:{pattern.name}", kwargs=kwargs)
    missing = reverse(f"api:v1:{pattern.name}", kwargs=dict.fromkeys(kwargs, 999999))
    if pattern.name in MUNICIPALITY_WIDE:
        outsiders = {"another municipality": outsiders["another municipality"]}
    for label, actor in outsiders.items():
        client = api_client(actor)
        for method in ("get", "post", "patch"):
            response = getattr(client, method)(url, {}, format="json")
            expected = getattr(client, method)(missing, {}, format="json").status_code
            assert expected in {404, 405}, (method, missing, expected)
            assert response.status_code == expected, (label, method, url, response.status_code)
            assert world.child.family_name not in response.content.decode(), (label, url)


@pytest.mark.parametrize("pattern", LIST_PATTERNS, ids=[p.name for p in LIST_PATTERNS])
def test_lists_never_show_the_child_to_outsiders(api_world, pattern):
    world, _objects, outsiders = api_world
    url = reverse(f"api:v1:{pattern.name}")
    for label, actor in outsiders.items():
        response = api_client(actor).get(url)
        assert response.status_code in {200, 404, 405}, (label, url, response.status_code)
        assert world.child.family_name not in response.content.decode(), (label, url)


def test_the_team_still_reaches_them(api_world):
    """The matrix is not vacuous: the coordinator gets 200 on the same objects."""
    world, objects, _outsiders = api_world
    client = api_client(world.teacher)
    for name, kwargs in (
        ("case-detail", {"pk": objects["case"]}),
        ("plan", {"case_pk": objects["case"]}),
        ("meeting-detail", {"case_pk": objects["case"], "pk": objects["meeting_pk"]}),
        ("concern-detail", {"pk": objects["concern"]}),
    ):
        assert client.get(reverse(f"api:v1:{name}", kwargs=kwargs)).status_code == 200, name
    for name, pk in (
        ("signal-detail", objects["signal_pk"]),
        ("pathway-detail", objects["pathway_pk"]),
        ("follow-up-detail", objects["follow_up_pk"]),
    ):
        assert client.get(reverse(f"api:v1:{name}", kwargs={"pk": pk})).status_code == 200, name
    tasks = client.get(reverse("api:v1:task-list")).json()["results"]
    assert objects["task_pk"] in [t["id"] for t in tasks]
