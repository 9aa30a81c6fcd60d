"""A refused form says so in the page title and shows the one error summary (issue 13): focusable,
with a heading, each error linked to its field, without doubled punctuation after a label that
ends in a question mark. The same on the login form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from helhet.cases.models import Case
from tests.conftest import give_second_factor
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SUMMARY = re.compile(
    r'<div class="ds-error-summary[^"]*" id="error-summary" role="region" tabindex="-1"[^>]*>'
)
PREFIX = {"en": "Error:", "nb": "Feil:"}


def _title(response) -> str:
    return " ".join(TITLE.search(response.content.decode()).group(1).split())


@pytest.fixture
def case():
    world = build_world()
    case = world.case(consent_for=(world.school,))
    return world, case


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_refused_case_form_has_error_in_its_title_and_one_summary(client, case, lang):
    world, case = case
    client.force_login(world.teacher.user)
    url = reverse("cases:log_add", args=[case.pk])
    shown = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
    assert not _title(shown).startswith(PREFIX[lang])
    assert 'id="error-summary"' not in shown.content.decode()

    version = Case.objects.get(pk=case.pk).version
    # No kind of entry and no text: two errors, the first under a label that ends in "?".
    refused = client.post(url, {"version": version, "text": ""}, HTTP_ACCEPT_LANGUAGE=lang)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert _title(refused).startswith(f"{PREFIX[lang]} ")
    assert len(SUMMARY.findall(html)) == 1
    assert 'aria-labelledby="error-summary-heading"' in html
    assert 'id="error-summary-heading"' in html
    assert '<a class="ds-link" href="#id_kind_0">' in html  # a group of radios: its first one
    assert '<a class="ds-link" href="#id_text">' in html
    assert "?:" not in html
    assert "error-summary.js" in html


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_login_form_has_the_same_summary_and_title(client, lang):
    from tests.factories import ProfessionalFactory, ServiceFactory

    professional = ProfessionalFactory.in_service(ServiceFactory(), user__email="kari@x.example")
    give_second_factor(professional.user)
    url = reverse("account_login")
    refused = client.post(
        url, {"login": "kari@x.example", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE=lang
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert _title(refused).startswith(f"{PREFIX[lang]} ")
    assert len(SUMMARY.findall(html)) == 1
    assert 'role="alert"' not in html  # focus moves to the summary; no second announcement

    empty = client.post(url, {"login": "", "password": ""}, HTTP_ACCEPT_LANGUAGE=lang)
    html = empty.content.decode()
    assert len(SUMMARY.findall(html)) == 1
    assert '<a class="ds-link" href="#id_login">' in html
    assert '<a class="ds-link" href="#id_password">' in html


def test_a_page_without_a_refused_form_has_a_plain_title(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert _title(response) == "Log in – Helhet"
    assert 'id="error-summary"' not in response.content.decode()
