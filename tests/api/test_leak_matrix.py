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
from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup import services as follow_up_services
from helhet.followup.models import FollowUp, FollowUpContact, FollowUpMeasure
from helhet.pathways import services as pathway_services
from helhet.pathways.models import Pathway, PathwayTemplate
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
    # Starting a pathway names its subject in the body (the route answers GET with 405): its
    # outsiders are test_no_outsider_writes_through_pathways_or_the_register below.
    "pathway-list",
    "pathway-template-list",
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


# Other parameters whose name means another object in another area, by URL name prefix.
PARAM_OWNER = {("follow-up", "measure_pk"): "follow_up_measure_pk"}


def _kwargs(pattern: URLPattern, objects: dict) -> dict:
    kwargs = {}
    for name in _params(pattern):
        owner = next(
            (
                key
                for (prefix, param), key in PARAM_OWNER.items()
                if param == name and pattern.name.startswith(prefix)
            ),
            None,
        )
        if owner is not None:
            kwargs[name] = objects[owner]
        elif name == "case_pk":
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
    objects["follow_up_measure_pk"] = follow_up_services.measure_offer(
        offered_by=world.teacher.user,
        pk=objects["follow_up_pk"],
        kind="course",
        offered_on=clock.today(),
        note="",
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


def test_no_outsider_writes_through_pathways_or_the_register(api_world):
    """Starting a pathway on the world's signal, concern or case, and each write of the
    register, with a valid body: 404 for every outsider, exactly as for a missing object, and
    nothing written (no pathway, contact, measure or status; no event naming the child)."""
    world, objects, outsiders = api_world
    template = PathwayTemplate.objects.get(
        municipality=world.municipality, code="worrying-school-absence"
    ).pk
    today = clock.today().isoformat()
    follow_up = f"/api/v1/follow-ups/{objects['follow_up_pk']}"
    measure = objects["follow_up_measure_pk"]
    writes = [
        ("/api/v1/pathways/", {"template": template, "signal": objects["signal_pk"]}),
        ("/api/v1/pathways/", {"template": template, "concern": objects["concern"]}),
        ("/api/v1/pathways/", {"template": template, "case": objects["case"]}),
        (f"{follow_up}/contacts/", {"on": today, "kind": "phone", "reached": True, "note": ""}),
        (f"{follow_up}/status/", {"status": "in_work", "on": today}),
        (f"{follow_up}/measures/", {"kind": "course", "offered_on": today, "note": ""}),
        (f"{follow_up}/measures/{measure}/outcome/", {"outcome": "started", "on": today}),
    ]
    missing = [
        ("/api/v1/pathways/", {"template": template, "signal": 999999}),
        ("/api/v1/pathways/", {"template": template, "concern": 999999}),
        ("/api/v1/pathways/", {"template": template, "case": 999999}),
        ("/api/v1/follow-ups/999999/contacts/", writes[3][1]),
        ("/api/v1/follow-ups/999999/status/", writes[4][1]),
        ("/api/v1/follow-ups/999999/measures/", writes[5][1]),
        (f"/api/v1/follow-ups/{objects['follow_up_pk']}/measures/999999/outcome/", writes[6][1]),
    ]

    def state():
        item = FollowUp.objects.get(pk=objects["follow_up_pk"])
        return (
            Pathway.objects.count(),
            FollowUpContact.objects.count(),
            list(FollowUpMeasure.objects.values_list("pk", "outcome")),
            (item.status, item.status_since),
        )

    before, last_event = state(), AuditEvent.objects.order_by("-pk").values("pk").first()["pk"]
    for label, actor in outsiders.items():
        client = api_client(actor)
        for (url, body), (missing_url, missing_body) in zip(writes, missing, strict=True):
            expected = client.post(missing_url, missing_body, format="json").status_code
            response = client.post(url, body, format="json")
            assert expected == 404, (missing_url, expected)
            assert response.status_code == 404, (label, url, body, response.status_code)
            assert world.child.family_name not in response.content.decode(), (label, url)
    assert state() == before
    assert not AuditEvent.objects.filter(pk__gt=last_event, child_id=world.child.pk).exists()
    # The matrix is not vacuous: the teacher writes through each (the signal's pathway runs).
    teacher = api_client(world.teacher)
    for url, body in writes[2:]:  # the concern is decided (its case takes pathways)
        response = teacher.post(url, body, format="json")
        assert response.status_code in {200, 201}, (url, response.content)
