"""Staff single sign-on, for real: the local OpenID Connect provider (idp/, oidc-provider on
Node.js) stands in for two municipalities' identity providers. Only invited or imported
addresses get in, only through their own municipality's provider; the provider's second factor
counts only when the token says so, else Helhet's own code is asked for; an invitation is
accepted by the first login through the provider."""

from __future__ import annotations

import datetime
import json
import random
import time
from urllib.parse import urlsplit

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import get_user

from helhet.administration import services as administration
from helhet.administration.models import Invitation
from helhet.people import nordic_id
from helhet.people.models import User
from helhet.portal.idp_process import start_identity_provider
from tests.portal.conftest import authorize_at_provider
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/sso/"
NURSE = "nina.ny@fjordvik.example"
TEACHER_MAIL = "teacher.sso@fjordvik.example"
OTHER_MAIL = "other.sso@nabokommune.example"
SECRET = "JBSWY3DPEHPK3PXP"  # tests.conftest.give_second_factor's


def _pid(rng) -> str:
    return nordic_id.synthetic_number("NO", datetime.date(1985, 3, 4), rng)


PERSONS = {
    "nurse_mfa": {"email": NURSE, "amr": ["pwd", "mfa"]},
    "teacher_pwd": {"email": TEACHER_MAIL, "amr": ["pwd"]},
    "teacher_mfa": {"email": TEACHER_MAIL, "amr": ["pwd", "mfa"]},
    "other": {"email": OTHER_MAIL, "amr": ["pwd", "mfa"]},
    "stranger": {"email": "ukjent@fjordvik.example", "amr": ["pwd", "mfa"]},
}


@pytest.fixture(scope="module")
def staff_idp(tmp_path_factory):
    rng = random.Random(14)
    persons = []
    pids = {}
    for key, extra in PERSONS.items():
        pids[key] = _pid(rng)
        persons.append(
            {
                "sub": f"staff-{key}",
                "pid": pids[key],
                "name": key,
                "given_name": key,
                "family_name": "Test",
                "acr": "idporten-loa-substantial",
                **extra,
            }
        )
    path = tmp_path_factory.mktemp("staff-idp") / "persons.json"
    path.write_text(json.dumps(persons))
    clients = [
        {
            "client_id": f"helhet-{name}",
            "client_secret": f"{name}-secret",
            "redirect_uris": [f"{CALLBACK}{name}/callback/"],
            "post_logout_redirect_uris": ["http://testserver/"],
        }
        for name in ("fjordvik", "nabo")
    ]
    with start_identity_provider(clients=clients, persons_path=path) as provider:
        yield provider, pids


@pytest.fixture
def places(settings, staff_idp):
    provider, pids = staff_idp
    home, other = build_world(), build_world()
    settings.HELHET_STAFF_OIDC = {
        name: {
            "municipality": world.municipality.pk,
            "name": f"{name} ID",
            "issuer": provider.issuer,
            "client_id": f"helhet-{name}",
            "client_secret": f"{name}-secret",
            "mfa_amr": ["mfa"],
        }
        for name, world in (("fjordvik", home), ("nabo", other))
    }
    home.head_teacher.is_municipal_admin = True
    home.head_teacher.save(update_fields=["is_municipal_admin"])
    home.teacher.user.email = TEACHER_MAIL
    home.teacher.user.save(update_fields=["email"])
    other.teacher.user.email = OTHER_MAIL
    other.teacher.user.save(update_fields=["email"])
    return home, other, pids


def sso_login(client, provider: str, pid: str):
    started = client.post(f"/accounts/sso/{provider}/")
    assert started.status_code == 302, started.content[:300]
    back = authorize_at_provider(started["Location"], pid, stop_at=CALLBACK)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}"), f"{parts.path}?{parts.query}"


def code_now() -> str:
    period = mfa_settings.TOTP_PERIOD
    if period - (time.time() % period) < 3:
        time.sleep(3.2)
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // period))


def test_an_invited_nurse_comes_in_through_her_municipalitys_provider(
    client, places, django_capture_on_commit_callbacks
):
    home, _other, pids = places
    with django_capture_on_commit_callbacks(execute=True):
        nurse = administration.professional_invite(
            invited_by=User.objects.get(pk=home.head_teacher.user_id),
            email=NURSE,
            name="Nina Ny",
            service_pk=home.health.pk,
        )
    response, _url = sso_login(client, "fjordvik", pids["nurse_mfa"])
    assert response.status_code == 302 and response["Location"] == "/"
    user = get_user(client)
    assert user.pk == nurse.user_id and user.is_active
    assert not user.has_usable_password()  # no password is ever set for her
    assert Invitation.objects.get(professional=nurse).accepted_at is not None
    # The provider's second factor counted: My work opens without Helhet's own code.
    assert client.get("/work/").status_code == 200


def test_without_the_providers_second_factor_helhets_own_code_is_asked(client, places):
    home, _other, pids = places  # the teacher has an authenticator app (tests.scenarios)
    response, _url = sso_login(client, "fjordvik", pids["teacher_pwd"])
    assert response["Location"] == "/accounts/sso/code/"
    assert not get_user(client).is_authenticated  # not in before the code
    wrong = client.post("/accounts/sso/code/", {"code": "000000"})
    assert "Incorrect code." in wrong.content.decode()
    right = client.post("/accounts/sso/code/", {"code": code_now()})
    assert right.status_code == 302
    assert get_user(client).pk == home.teacher.user_id
    assert client.get("/work/").status_code == 200


def test_another_municipalitys_person_or_an_unknown_address_is_not_let_in(client, places):
    _home, other, pids = places
    for pid in (pids["other"], pids["stranger"]):
        response, _url = sso_login(client, "fjordvik", pid)
        assert response.status_code == 400
        assert "Helhet does not know this account" in response.content.decode()
        assert not get_user(client).is_authenticated
    # Through their own municipality's provider the neighbour does get in.
    response, _url = sso_login(client, "nabo", pids["other"])
    assert get_user(client).pk == other.teacher.user_id


def test_a_used_answer_or_a_deactivated_account_gets_no_session(client, places):
    home, _other, pids = places
    response, url = sso_login(client, "fjordvik", pids["teacher_mfa"])
    assert get_user(client).pk == home.teacher.user_id
    client.logout()
    replayed = client.get(url)  # the same state and code again
    assert replayed.status_code == 400 and not get_user(client).is_authenticated
    administration.professional_deactivate(
        deactivated_by=User.objects.get(pk=home.head_teacher.user_id),
        professional_pk=home.teacher.pk,
    )
    response, _url = sso_login(client, "fjordvik", pids["teacher_mfa"])
    assert response.status_code == 400
    assert "not active" in response.content.decode()


def test_the_login_page_offers_the_providers_and_allows_their_origin(client, places, staff_idp):
    provider, _pids = staff_idp
    page = client.get("/accounts/login/")
    text = page.content.decode()
    assert "Log in with fjordvik ID" in text and "Log in with nabo ID" in text
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(provider.issuer))
    form_action = next(
        part for part in page["Content-Security-Policy"].split(";") if "form-action" in part
    )
    assert origin in form_action
    assert client.post("/accounts/sso/nowhere/").status_code == 404


def test_the_first_login_links_the_subject_and_another_subject_cannot_take_the_address(
    client, places
):
    from helhet.administration.models import SingleSignOnLink

    home, _other, pids = places
    sso_login(client, "fjordvik", pids["teacher_mfa"])
    assert get_user(client).pk == home.teacher.user_id
    link = SingleSignOnLink.objects.get()
    assert (link.provider, link.subject, link.user_id) == (
        "fjordvik",
        "staff-teacher_mfa",
        home.teacher.user_id,
    )
    client.logout()
    # Another account at the provider claims the same address: not the teacher's account.
    response, _url = sso_login(client, "fjordvik", pids["teacher_pwd"])
    assert response.status_code == 400 and not get_user(client).is_authenticated
    # The linked subject still comes in, whatever its e-mail claim says later.
    User.objects.filter(pk=home.teacher.user_id).update(email="renamed@fjordvik.example")
    sso_login(client, "fjordvik", pids["teacher_mfa"])
    assert get_user(client).pk == home.teacher.user_id


def test_the_code_after_the_providers_login_is_tried_five_times_at_most(client, places):
    _home, _other, pids = places
    sso_login(client, "fjordvik", pids["teacher_pwd"])
    answers = [client.post("/accounts/sso/code/", {"code": "000000"}) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert not get_user(client).is_authenticated
