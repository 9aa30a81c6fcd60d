"""The decision form groups its fields by decision (decision-form.js shows only the chosen
group; without scripts all groups show under their headings) and explains each level in one
line from the municipality's level model."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from helhet.tenancy.levels import BUILTIN_LEVEL_DESCRIPTIONS
from tests.scenarios import build_world


def _decide_page(client, world, lang: str = "en") -> str:
    concern = world.concern()
    client.force_login(world.teacher.user)
    response = client.get(
        reverse("cases:concern_decide", args=[concern.pk]), HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 200
    return response.content.decode()


def test_each_decision_has_its_own_group_and_the_script_that_shows_only_it(client, db):
    html = _decide_page(client, build_world())
    assert re.findall(r'data-decision-group="(\w+)"', html) == ["collaboration", "reported"]
    assert "data-decision-form" in html
    assert "helhet/decision-form.js" in html


def test_every_level_offered_is_explained_in_the_readers_language(client, db):
    world = build_world()
    html = _decide_page(client, world, "nb")
    for level in world.municipality.level_model.levels.filter(number__gte=2):
        with translation.override("nb"):
            explained = translation.gettext(BUILTIN_LEVEL_DESCRIPTIONS["bti"][level.number])
        assert explained != BUILTIN_LEVEL_DESCRIPTIONS["bti"][level.number]  # translated
        radio = re.search(rf'<input[^>]*value="{level.pk}"[^>]*>', html).group(0)
        described_by = re.search(r'aria-describedby="([^"]+)"', radio).group(1)
        assert re.search(rf'id="{described_by}">{re.escape(explained)}</p>', html)


def test_a_municipalitys_own_level_has_no_made_up_explanation(client, db):
    world = build_world()
    model = world.municipality.level_model
    model.code = "own-model"
    model.save(update_fields=["code"])
    html = _decide_page(client, world)
    level = world.level(2)
    radio = re.search(rf'<input[^>]*value="{level.pk}"[^>]*>', html).group(0)
    assert "aria-describedby" not in radio
