"""The glossary explains the 0–24 words (stafettholder, stafettlogg …) in the reader's language,
next to the term and on one page of all terms."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from helhet.core.glossary import TERMS


def test_the_terms_page_lists_every_term_in_norwegian(client, db):
    page = client.get("/help/terms/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert 'lang="nb"' in page
    for code in TERMS:
        assert f'id="term-{code}"' in page
    with translation.override("en"):
        english = str(TERMS["coordinator"].explanation)
    with translation.override("nb"):
        assert str(TERMS["coordinator"].name) == "Stafettholder"
        norwegian = str(TERMS["coordinator"].explanation)
    assert norwegian != english  # translated, not the English source
    assert norwegian in page


def test_the_hint_names_the_term_and_links_to_the_page():
    with translation.override("en"):
        html = Template('{% load glossary %}{% term_hint "log" %}').render(Context())
    assert "<details" in html and "What does “log” mean?" in html
    assert 'href="/help/terms/#term-log"' in html


def test_an_unknown_term_is_a_template_bug():
    with pytest.raises(KeyError):
        Template('{% load glossary %}{% term_hint "stafett" %}').render(Context())


def test_the_case_page_explains_coordinator_and_log(client, db):
    from tests.scenarios import build_world

    world = build_world()
    case = world.case(consent_for=(world.school,))
    client.force_login(world.teacher.user)
    page = client.get(f"/work/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert 'href="/help/terms/#term-coordinator"' in page
    assert 'href="/help/terms/#term-log"' in page
