"""Zero leaks: every relay and plan URL × every actor who must not see the object answers 404.

The URL list is generated from the URLconf, so a new page is covered the day it is added (and
fails here until this file knows how to fill its parameters). Actors: another municipality, an
unrelated service, withdrawn consent, a former team member, a rejected handover receiver, and —
for concerns — a professional who is not the author or a leader of the author's service.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import URLPattern, reverse

from helhet.cases import services
from helhet.cases import urls as case_urls
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.plans import services as plan_services
from helhet.plans import urls as plan_urls
from helhet.tenancy.models import LifeArea
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db

LISTS = {"my_work", "concern_start", "child_register"}  # no object in the URL


@pytest.fixture
def leaky_world():
    world = build_world()
    case = world.case(consent_for=(world.school, world.health))
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    # Withdrawn consent: the PPT advisor took part, then the family withdrew PPT.
    ppt_consent = world.consent(case, world.ppt)
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.ppt_advisor, service=world.ppt
    )
    consent_services.consent_withdraw(consent=ppt_consent, withdrawn_by=world.teacher.user)
    # A former team member.
    former = professional_in(world.health)
    member = services.team_member_add(
        case=case, added_by=world.teacher.user, professional=former, service=world.health
    )
    services.team_member_remove(member=member, removed_by=world.teacher.user, reason="Sluttet.")
    # A rejected handover receiver.
    rejecter = professional_in(world.health)
    handover = services.handover_propose(
        case=case, proposed_by=world.teacher.user, to_professional=rejecter, to_service=world.health
    )
    services.handover_reject(handover=handover, rejected_by=rejecter.user, reason="Nei.")
    entry = services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Samtale."
    )
    goal = plan_services.goal_add(
        case=case,
        added_by=world.teacher.user,
        life_area=LifeArea.objects.get(framework__code="nordic", code="learning"),
        text="Jeg vil gå på skolen.",
        whose_words="child",
        responsible_service=world.school,
    )
    measure = plan_services.measure_add(
        goal=goal,
        added_by=world.teacher.user,
        description="Samtaler",
        service=world.school,
        responsible=world.teacher,
        starts_on=clock.today(),
        ends_on=None,
        frequency="Ukentlig",
    )
    meeting = plan_services.meeting_plan(
        case=case,
        planned_by=world.teacher.user,
        starts_at=clock.now() + datetime.timedelta(days=1),
        duration_minutes=60,
        place="Skolen",
        video_link="",
        agenda="Plan",
        child_takes_part=True,
        guardians=[world.mother],
        professionals=[],
    )
    concern = case.concerns.get()
    # Someone else's concern, not yet shared: the nurse's own, about the same child.
    nurses_concern = world.concern(registered_by=world.nurse.user, service=world.health)
    foreign = professional_in(build_world().school)
    objects = {
        "case": case.pk,
        "concern": concern.pk,
        "handover": handover.pk,
        "entry_pk": entry.pk,
        "member_pk": case.team.get(professional=world.nurse).pk,
        "consent_pk": ppt_consent.pk,
        "child_pk": world.child.pk,
        "goal_pk": goal.pk,
        "measure_pk": measure.pk,
        "meeting_pk": meeting.pk,
    }
    outsiders = {
        "another municipality": foreign,
        "unrelated service": world.cw_worker,
        "withdrawn consent": world.ppt_advisor,
        "former team member": former,
        "rejected handover receiver": rejecter,
    }
    return world, objects, outsiders, nurses_concern


def _kwargs(pattern: URLPattern, objects: dict) -> dict:
    kwargs = {}
    for name in pattern.pattern.converters:
        if name != "pk":
            kwargs[name] = objects[name]
        elif pattern.name.startswith("concern"):
            kwargs[name] = objects["concern"]
        elif pattern.name == "handover":
            kwargs[name] = objects["handover"]
        else:
            kwargs[name] = objects["case"]
    return kwargs


OBJECT_URLS = [
    (namespace, p)
    for namespace, module in (("cases", case_urls), ("plans", plan_urls))
    for p in module.urlpatterns
    if p.name not in LISTS
]


@pytest.mark.parametrize(
    ("namespace", "pattern"), OBJECT_URLS, ids=[f"{n}:{p.name}" for n, p in OBJECT_URLS]
)
def test_no_outsider_reaches_any_relay_url(client, leaky_world, namespace, pattern):
    world, objects, outsiders, _nurses_concern = leaky_world
    kwargs = _kwargs(pattern, objects)
    url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
    missing = reverse(f"{namespace}:{pattern.name}", kwargs=dict.fromkeys(kwargs, 999999))
    for label, actor in outsiders.items():
        client.force_login(actor.user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            # Forbidden looks exactly like missing: 404 (or 405 for a GET-only page, which
            # answers the method before looking anything up).
            expected = getattr(client, method)(missing).status_code
            assert expected in {404, 405}, (method, missing, expected)
            assert response.status_code == expected, (label, method, url, response.status_code)
            assert world.child.family_name not in response.content.decode(), (label, url)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_lists_never_show_the_child_to_outsiders(client, leaky_world, name):
    world, _objects, outsiders, _nurses_concern = leaky_world
    for label, actor in outsiders.items():
        client.force_login(actor.user)
        response = client.get(reverse(f"cases:{name}"))
        assert response.status_code in {200, 404}
        assert world.child.family_name not in response.content.decode(), (label, name)


def test_someone_elses_unshared_concern_is_404(client, leaky_world):
    world, _objects, _outsiders, nurses_concern = leaky_world
    client.force_login(world.teacher.user)  # on the case, but not the concern's author
    for name in ("concern", "concern_decide"):
        url = reverse(f"cases:{name}", args=[nurses_concern.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "closed", "note": "x"}).status_code in {404, 405}
    nurses_concern.refresh_from_db()
    assert nurses_concern.status == "open"


def test_the_team_still_sees_it(client, leaky_world):
    """The matrix is not vacuous: the same URLs answer the team."""
    world, objects, _outsiders, _nurses_concern = leaky_world
    client.force_login(world.nurse.user)
    assert client.get(reverse("cases:case", args=[objects["case"]])).status_code == 200
    for name in ("plan", "meetings", "what_matters", "plan_pdf"):
        assert client.get(reverse(f"plans:{name}", args=[objects["case"]])).status_code == 200
    meeting = reverse("plans:meeting", args=[objects["case"], objects["meeting_pk"]])
    assert client.get(meeting).status_code == 200
    client.force_login(world.teacher.user)
    assert client.get(reverse("cases:access_log", args=[objects["case"]])).status_code == 200
    assert clock.today()  # the world was built today; consent dates are valid
