"""HTTP tests for the concern pages: find the child, register the child, register, read, decide."""

from __future__ import annotations

import datetime
import random

import pytest
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.cases import services
from helhet.cases.models import Case, Concern, ConcernStatus
from helhet.cases.views.concerns import FOUND_KEY
from helhet.core import clock
from helhet.core.once import OneTimeToken
from helhet.people import nordic_id
from helhet.people.models import Child, NetworkPerson
from tests.conftest import give_second_factor
from tests.factories import UserFactory
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def other():
    """Another municipality, with its own child and professionals."""
    return build_world()


def _login(client, professional, *, found=()):
    """Log in; ``found`` children count as just found by this session's exact search."""
    client.force_login(professional.user)
    if found:
        session = client.session
        session[FOUND_KEY] = [child.pk for child in found]
        session.save()
    return client


def _actions(action):
    return AuditEvent.objects.filter(action=action)


def _no_personal_query_string(response):
    # Every request in the chain went without a query string (search terms are POSTed).
    for request in [
        response.request,
        *(r.request for r in getattr(response, "redirect_chain", [])),
    ]:
        assert not request.get("QUERY_STRING")


def _synthetic_id(child: Child) -> str:
    number = nordic_id.synthetic_number("NO", child.date_of_birth, random.Random(7))
    child.national_id = number
    child.save(update_fields=["national_id"])
    return number


# --- anonymous and users without a professional profile ---------------------------------------


@pytest.mark.parametrize(
    ("name", "needs_child", "needs_concern"),
    [
        ("cases:concern_start", False, False),
        ("cases:child_register", False, False),
        ("cases:concern_create", True, False),
        ("cases:concern", False, True),
        ("cases:concern_decide", False, True),
    ],
)
def test_anonymous_is_sent_to_login(client, world, name, needs_child, needs_concern):
    kwargs = {}
    if needs_child:
        kwargs["child_pk"] = world.child.pk
    if needs_concern:
        kwargs["pk"] = world.concern().pk
    for method in (client.get, client.post):
        response = method(reverse(name, kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Concern.objects.filter(status=ConcernStatus.CLOSED).exists()


@pytest.mark.parametrize("name", ["cases:concern_start", "cases:child_register"])
def test_account_without_professional_profile_gets_404(client, name):
    user = UserFactory()
    give_second_factor(user)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 404


# --- find the child first ---------------------------------------------------------------------


def test_find_child_page_posts_the_search(client, world):
    response = _login(client, world.teacher).get(reverse("cases:concern_start"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'method="post" action="{reverse("cases:concern_start")}"' in html
    assert "Find the child first" in html


def test_find_child_by_national_id_offers_to_register_a_concern(client, world):
    number = _synthetic_id(world.child)
    response = _login(client, world.teacher).post(
        reverse("cases:concern_start"), {"national_id": number}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert world.child.family_name in html
    assert reverse("cases:concern_create", args=[world.child.pk]) in html
    assert "Register a concern about this child" in html
    # Only name and date of birth: no guardians, no concerns, no identity number shown back.
    assert world.mother.name not in html
    assert html.count(number) <= 1  # at most in the (typed) search field
    _no_personal_query_string(response)
    event = _actions("child.lookup").get()
    assert (event.child_id, event.actor_id) == (world.child.pk, world.teacher.user.pk)
    assert event.municipality_id == world.municipality.pk


def test_find_child_by_family_name_and_date_of_birth(client, world):
    response = _login(client, world.nurse).post(
        reverse("cases:concern_start"),
        {
            "family_name": world.child.family_name.upper(),
            "date_of_birth": world.child.date_of_birth.isoformat(),
        },
    )
    assert reverse("cases:concern_create", args=[world.child.pk]) in response.content.decode()
    assert _actions("child.lookup").get().child_id == world.child.pk


def test_no_match_offers_to_register_the_child_without_query_string(client, world):
    response = _login(client, world.teacher).post(
        reverse("cases:concern_start"),
        {"family_name": "Ukjent", "date_of_birth": "2015-03-04"},
    )
    html = response.content.decode()
    assert "No child found" in html
    assert f'method="post" action="{reverse("cases:child_register")}"' in html
    assert "?" not in reverse("cases:child_register")
    event = _actions("child.lookup").get()
    assert event.child_id is None


def test_children_of_another_municipality_are_never_found(client, world, other):
    response = _login(client, other.teacher).post(
        reverse("cases:concern_start"),
        {
            "family_name": world.child.family_name,
            "date_of_birth": world.child.date_of_birth.isoformat(),
        },
    )
    html = response.content.decode()
    assert "No child found" in html
    assert reverse("cases:concern_create", args=[world.child.pk]) not in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"national_id": "12345678901"}, "not a valid Norwegian national identity number"),
        ({"family_name": "Nordmann"}, "Enter the date of birth, too."),
        ({}, "Enter the national identity number, or the family name"),
    ],
)
def test_bad_search_shows_the_error_and_looks_nothing_up(client, world, data, message):
    response = _login(client, world.teacher).post(reverse("cases:concern_start"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="error-summary"' in html
    for value in data.values():
        assert f'value="{value}"' in html
    assert not _actions("child.lookup").exists()


# --- register a new child ---------------------------------------------------------------------


def _child_data(**overrides):
    data = {
        "given_name": "Sara",
        "family_name": "Fjellstad",
        "date_of_birth": "2014-05-06",
        "national_id": "",
        "guardian1-name": "Lise Fjellstad",
        "guardian1-relation": "mother",
        "guardian1-has_parental_responsibility": "on",
        "guardian1-phone": "+47 400 00 000",
        "guardian1-email": "lise@test.example",
        "guardian2-name": "",
        "guardian2-relation": "",
        "guardian2-phone": "",
        "guardian2-email": "",
    }
    data.update(overrides)
    return data


def test_prefill_from_the_search_fills_the_form_and_saves_nothing(client, world):
    response = _login(client, world.teacher).post(
        reverse("cases:child_register"),
        {"prefill": "1", "family_name": "Fjellstad", "date_of_birth": "2014-05-06"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Fjellstad"' in html
    assert 'value="2014-05-06"' in html
    assert "Please correct" not in html
    assert not Child.objects.filter(family_name="Fjellstad").exists()


def test_register_child_with_two_guardians(client, world):
    number = nordic_id.synthetic_number("NO", datetime.date(2014, 5, 6), random.Random(3))
    response = _login(client, world.teacher).post(
        reverse("cases:child_register"),
        _child_data(
            national_id=number,
            **{"guardian2-name": "Per Fjellstad", "guardian2-relation": "father"},
        ),
    )
    child = Child.objects.get(family_name="Fjellstad")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:concern_create", args=[child.pk])
    assert child.municipality == world.municipality
    assert child.national_id == number
    guardians = {p.name: p for p in NetworkPerson.objects.filter(child=child)}
    assert set(guardians) == {"Lise Fjellstad", "Per Fjellstad"}
    assert guardians["Lise Fjellstad"].has_parental_responsibility
    assert guardians["Lise Fjellstad"].email == "lise@test.example"
    assert guardians["Per Fjellstad"].relation == "father"
    event = _actions("child.create").get()
    assert (event.child_id, event.actor_id) == (child.pk, world.teacher.user.pk)
    assert _actions("network.create").count() == 2


def test_register_child_with_one_guardian_ignores_the_empty_second(client, world):
    response = _login(client, world.teacher).post(reverse("cases:child_register"), _child_data())
    assert response.status_code == 302
    child = Child.objects.get(family_name="Fjellstad")
    assert child.network.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"national_id": "12345678901"}, "not a valid Norwegian national identity number"),
        ({"date_of_birth": "2999-01-01"}, "The date of birth is in the future."),
        ({"guardian1-name": ""}, "This field is required."),
        ({"guardian2-name": "Per", "guardian2-relation": ""}, "This field is required."),
        ({"guardian1-email": "not-an-address"}, "Enter a valid email address."),
    ],
)
def test_bad_child_input_keeps_what_was_typed_and_saves_nothing(
    client, world, overrides, field_error
):
    children, people = Child.objects.count(), NetworkPerson.objects.count()
    response = _login(client, world.teacher).post(
        reverse("cases:child_register"), _child_data(**overrides)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert field_error in html
    assert 'id="error-summary"' in html
    assert 'value="Sara"' in html
    assert 'value="Lise Fjellstad"' in html or overrides.get("guardian1-name") == ""
    assert (Child.objects.count(), NetworkPerson.objects.count()) == (children, people)
    assert not _actions("child.create").exists()


def test_a_child_registered_twice_is_refused(client, world):
    response = _login(client, world.teacher).post(
        reverse("cases:child_register"),
        _child_data(
            given_name=world.child.given_name,
            family_name=world.child.family_name,
            date_of_birth=world.child.date_of_birth.isoformat(),
        ),
    )
    assert "already registered" in response.content.decode()
    assert Child.objects.filter(family_name=world.child.family_name).count() == 1


# --- register the concern ---------------------------------------------------------------------


def _concern_page(client, world, professional=None):
    _login(client, professional or world.teacher, found=[world.child])
    response = client.get(reverse("cases:concern_create", args=[world.child.pk]))
    assert response.status_code == 200
    return response, response.context["form"]["once_token"].value()


def _concern_data(world, token, **overrides):
    data = {
        "once_token": token,
        "service": world.school.pk,
        "observation": "Mye fravær, virker sliten.",
        "strengths": "Glad i fotball.",
        "child_voice": "Jeg sover dårlig.",
        "child_not_asked_reason": "",
        "worry": "6",
        "decision_due": (clock.today() + datetime.timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def test_concern_form_shows_defaults_and_the_childs_voice_fieldset(client, world):
    response, token = _concern_page(client, world)
    html = response.content.decode()
    due = clock.today() + datetime.timedelta(days=world.municipality.concern_decision_days)
    assert f'value="{due.isoformat()}"' in html
    assert token and f'value="{token}"' in html
    assert "<legend" in html
    assert "The child's voice</legend>" in html
    assert response.context["form"]["service"].value() == world.school.pk  # only service
    assert 'type="radio" name="worry"' in html
    event = _actions("child.read").get()
    assert (event.child_id, event.actor_id) == (world.child.pk, world.teacher.user.pk)


def test_register_a_concern(client, world):
    _response, token = _concern_page(client, world)
    response = client.post(
        reverse("cases:concern_create", args=[world.child.pk]), _concern_data(world, token)
    )
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:concern", args=[concern.pk])
    assert concern.registered_by == world.teacher
    assert concern.service == world.school
    assert concern.worry == 6
    assert concern.child_voice == "Jeg sover dårlig."
    assert concern.status == ConcernStatus.OPEN
    assert _actions("concern.create").get().child_id == world.child.pk
    page = client.get(response["Location"])
    assert "The concern was registered" in page.content.decode()


def test_double_submit_creates_one_concern(client, world):
    _response, token = _concern_page(client, world)
    url = reverse("cases:concern_create", args=[world.child.pk])
    first = client.post(url, _concern_data(world, token))
    second = client.post(url, _concern_data(world, token), follow=True)
    assert Concern.objects.count() == 1
    concern = Concern.objects.get()
    assert first["Location"] == reverse("cases:concern", args=[concern.pk])
    assert second.redirect_chain[-1][0] == reverse("cases:concern", args=[concern.pk])
    assert "already registered" in second.content.decode()
    assert _actions("concern.create").count() == 1


def test_a_claimed_token_finished_by_another_request_is_not_used_again(rf, world):
    """A double click: the second request sees the first one's result in the cache."""
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.post("/")
    request.session = SessionStore()
    once = OneTimeToken(request, scope="x")
    token = once.issue()
    assert once.claim(token).fresh
    # The other request (same session state as before the first finished) sees "done".
    other = OneTimeToken(request, scope="x")
    once_cache_only = OneTimeToken(request, scope="x")
    once_cache_only.complete(token, 42)
    request.session[OneTimeToken.SESSION_KEY][token]["result"] = None  # stale session copy
    claim = other.claim(token)
    assert (claim.state, claim.result) == ("done", 42)
    assert OneTimeToken(request, scope="y").claim(token).state == "unknown"


def test_a_refused_form_can_be_sent_again_with_the_same_token(client, world):
    _response, token = _concern_page(client, world)
    url = reverse("cases:concern_create", args=[world.child.pk])
    client.post(url, _concern_data(world, token, strengths=""))
    response = client.post(url, _concern_data(world, token))
    assert response.status_code == 302
    assert Concern.objects.count() == 1


def test_without_a_valid_token_nothing_is_saved_and_the_text_is_kept(client, world):
    _concern_page(client, world)
    response = client.post(
        reverse("cases:concern_create", args=[world.child.pk]),
        _concern_data(world, "forged-token"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This form has expired" in html
    assert "Mye fravær, virker sliten." in html
    assert not Concern.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"child_voice": "", "child_not_asked_reason": ""},
            "Write what the child says, or why the child was not asked.",
        ),
        ({"strengths": ""}, "This field is required."),
        ({"worry": "11"}, "Select a valid choice."),
        ({"decision_due": "2020-01-01"}, "The decision date cannot be in the past."),
        (
            {"decision_due": (clock.today() + datetime.timedelta(days=200)).isoformat()},
            "Decide within 90 days at the latest.",
        ),
    ],
)
def test_bad_concern_input_keeps_what_was_typed_and_saves_nothing(
    client, world, overrides, message
):
    _response, token = _concern_page(client, world)
    response = client.post(
        reverse("cases:concern_create", args=[world.child.pk]),
        _concern_data(world, token, **overrides),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'id="error-summary"' in html
    assert "Mye fravær, virker sliten." in html
    assert not Concern.objects.exists()
    assert not _actions("concern.create").exists()


def test_concern_for_a_service_you_do_not_work_in_is_refused(client, world):
    _response, token = _concern_page(client, world)
    response = client.post(
        reverse("cases:concern_create", args=[world.child.pk]),
        _concern_data(world, token, service=world.health.pk),
    )
    assert response.status_code == 200
    assert not Concern.objects.exists()


def test_child_voice_reason_alone_is_enough(client, world):
    _response, token = _concern_page(client, world)
    client.post(
        reverse("cases:concern_create", args=[world.child.pk]),
        _concern_data(world, token, child_voice="", child_not_asked_reason="Barnet er 2 år."),
    )
    assert Concern.objects.get().child_not_asked_reason == "Barnet er 2 år."


def test_concern_about_another_municipalitys_child_is_404(client, world, other):
    _login(client, other.teacher)
    url = reverse("cases:concern_create", args=[world.child.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _concern_data(world, "x")).status_code == 404
    assert client.get(reverse("cases:concern_create", args=[999999])).status_code == 404
    assert not _actions("child.read").exists()


# --- read the concern -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["teacher", "head_teacher"])
def test_author_and_leader_see_the_whole_concern(client, world, who):
    concern = world.concern(child_not_asked_reason="")
    professional = getattr(world, who)
    response = _login(client, professional).get(reverse("cases:concern", args=[concern.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (concern.observation, concern.strengths, concern.child_voice):
        assert text in html
    assert reverse("cases:concern_decide", args=[concern.pk]) in html
    event = _actions("concern.read").get()
    assert (event.child_id, event.actor_id) == (world.child.pk, professional.user.pk)
    assert event.actor_role == ("author" if who == "teacher" else "leader")


def test_unrelated_colleague_and_other_municipality_get_404(client, world, other):
    concern = world.concern()
    for professional in (world.nurse, world.ppt_advisor, world.cw_worker, other.head_teacher):
        _login(client, professional)
        assert client.get(reverse("cases:concern", args=[concern.pk])).status_code == 404
        assert client.get(reverse("cases:concern_decide", args=[concern.pk])).status_code == 404
        response = client.post(
            reverse("cases:concern_decide", args=[concern.pk]),
            {"decision": "closed", "note": "x"},
        )
        assert response.status_code == 404
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN
    assert not _actions("concern.read").exists()
    _login(client, world.teacher)
    assert client.get(reverse("cases:concern", args=[999999])).status_code == 404


def test_overdue_concern_is_marked(client, world):
    concern = world.concern()
    Concern.objects.filter(pk=concern.pk).update(
        decision_due=clock.today() - datetime.timedelta(days=1)
    )
    response = _login(client, world.teacher).get(reverse("cases:concern", args=[concern.pk]))
    assert "Overdue" in response.content.decode()


# --- decide -----------------------------------------------------------------------------------


def test_decide_page_shows_the_levels_and_the_duty_to_inform(client, world):
    concern = world.concern()
    response = _login(client, world.teacher).get(reverse("cases:concern_decide", args=[concern.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    levels = list(world.municipality.level_model.levels.filter(number__gte=2))
    assert levels
    for level in levels:
        assert f'value="{level.pk}"' in html
    assert f'value="{world.level(1).pk}"' not in html
    assert "overrides your duty of confidentiality" in html
    assert _actions("concern.read").get().purpose == "decide concern"


def test_closing_needs_a_reason(client, world):
    concern = world.concern()
    response = _login(client, world.teacher).post(
        reverse("cases:concern_decide", args=[concern.pk]), {"decision": "closed", "note": ""}
    )
    assert response.status_code == 200
    assert "Give the reason for closing the concern." in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_close_the_concern(client, world):
    concern = world.concern()
    response = _login(client, world.head_teacher).post(
        reverse("cases:concern_decide", args=[concern.pk]),
        {"decision": "closed", "note": "Snakket med foreldrene, alt i orden."},
    )
    assert response["Location"] == reverse("cases:concern", args=[concern.pk])
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert concern.decided_by == world.head_teacher
    assert _actions("concern.decide.closed").get().actor_id == world.head_teacher.user.pk


def test_act_within_own_service(client, world):
    concern = world.concern()
    _login(client, world.teacher).post(
        reverse("cases:concern_decide", args=[concern.pk]), {"decision": "own_service"}
    )
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OWN_SERVICE


def test_start_a_collaboration_goes_to_the_case(client, world):
    concern = world.concern()
    response = _login(client, world.teacher).post(
        reverse("cases:concern_decide", args=[concern.pk]),
        {"decision": "collaboration", "level": world.level(2).pk, "note": "Trenger PPT."},
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case", args=[case.pk])
    assert case.coordinator == world.teacher
    assert case.level == world.level(2)
    concern.refresh_from_db()
    assert (concern.status, concern.case_id) == (ConcernStatus.COLLABORATION, case.pk)


@pytest.mark.parametrize("level_number", [None, 1])
def test_collaboration_needs_a_level_of_two_or_more(client, world, level_number):
    concern = world.concern()
    data = {"decision": "collaboration"}
    if level_number is not None:
        data["level"] = world.level(level_number).pk
    response = _login(client, world.teacher).post(
        reverse("cases:concern_decide", args=[concern.pk]), data
    )
    assert response.status_code == 200
    assert not Case.objects.exists()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.OPEN


def test_report_to_child_welfare(client, world):
    concern = world.concern()
    url = reverse("cases:concern_decide", args=[concern.pk])
    _login(client, world.teacher)
    refused = client.post(url, {"decision": "reported", "report_content": ""})
    assert "Write what you report to child welfare." in refused.content.decode()
    response = client.post(url, {"decision": "reported", "report_content": "Blåmerker."})
    assert response["Location"] == reverse("cases:concern", args=[concern.pk])
    concern.refresh_from_db()
    assert (concern.status, concern.report_content) == (ConcernStatus.REPORTED, "Blåmerker.")
    # Child welfare now sees the report, but cannot decide it again.
    page = _login(client, world.cw_worker).get(reverse("cases:concern", args=[concern.pk]))
    assert page.status_code == 200
    assert "Blåmerker." in page.content.decode()
    assert reverse("cases:concern_decide", args=[concern.pk]) not in page.content.decode()


def test_deciding_twice_is_refused_and_changes_nothing(client, world):
    concern = world.concern()
    url = reverse("cases:concern_decide", args=[concern.pk])
    _login(client, world.teacher)
    client.post(url, {"decision": "closed", "note": "Første beslutning."})
    second = client.post(url, {"decision": "reported", "report_content": "Noe annet."}, follow=True)
    assert "already been decided" in second.content.decode()
    assert second.redirect_chain[-1][0] == reverse("cases:concern", args=[concern.pk])
    again = client.get(url, follow=True)
    assert "already been decided" in again.content.decode()
    concern.refresh_from_db()
    assert (concern.status, concern.decision_note) == (ConcernStatus.CLOSED, "Første beslutning.")
    assert _actions("concern.decide.closed").count() == 1
    assert not _actions("concern.decide.reported").exists()


def test_decided_concern_links_to_the_case_for_its_team(client, world):
    case = world.case()
    concern = case.concerns.get()
    response = _login(client, world.teacher).get(reverse("cases:concern", args=[concern.pk]))
    assert reverse("cases:case", args=[case.pk]) in response.content.decode()


def test_concern_form_needs_the_child_found_first_no_guessing_ids(client, world):
    url = reverse("cases:concern_create", args=[world.child.pk])
    _login(client, world.nurse)
    assert client.get(url).status_code == 404  # an id alone reveals nothing
    response = client.post(
        reverse("cases:concern_start"),
        {"family_name": world.child.family_name, "date_of_birth": world.child.date_of_birth},
    )
    assert url in response.content.decode()
    assert client.get(url).status_code == 200


def test_concern_form_is_open_to_whoever_sees_the_childs_case(client, world):
    case = world.case(consent_for=(world.school, world.health))
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    _login(client, world.nurse)
    assert client.get(reverse("cases:concern_create", args=[world.child.pk])).status_code == 200


def test_the_three_steps_of_a_concern_are_numbered_alike(client, world):
    """Step 1 of 3 (find), 2 of 3 (register, when not found), 3 of 3 (describe)."""
    _login(client, world.teacher, found=[world.child])
    start = client.get(reverse("cases:concern_start")).content.decode()
    register = client.get(reverse("cases:child_register")).content.decode()
    describe = client.get(reverse("cases:concern_create", args=[world.child.pk])).content.decode()
    assert "Step 1 of 3: Find the child first" in start
    assert "Step 2 of 3: Register the child." in register
    assert "Step 3 of 3: Describe your concern." in describe
