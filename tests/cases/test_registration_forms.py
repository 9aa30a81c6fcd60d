"""How the registration pages present themselves: required marks only where a field is required,
the demo's hint about synthetic identity numbers, and the worry scale as one row 0…10."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from helhet.cases.views.concerns import FOUND_KEY
from helhet.people import nordic_id
from helhet.people.models import Child
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

MARK = 'class="required-mark"'


@pytest.fixture
def world():
    return build_world()


def _page(client, world, name="cases:child_register"):
    client.force_login(world.teacher.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def _label(html: str, field_id: str) -> str:
    start = html.index(f'for="{field_id}"')
    return html[start : html.index("</label>", start)]


def _second_guardian(html: str) -> str:
    start = html.index("Second guardian (optional)")
    return html[start : html.index("</fieldset>", start)]


# --- required marks -----------------------------------------------------------------------------


def test_the_optional_second_guardian_shows_no_required_marks(client, world):
    html = _page(client, world)
    assert MARK in _label(html, "id_guardian1-name")
    assert MARK in _label(html, "id_guardian1-relation")
    second = _second_guardian(html)
    assert 'name="guardian2-name"' in second
    assert MARK not in second
    assert not re.search(r"<(input|select)[^>]*\srequired", second)  # nor the browser's
    assert "the name and the relation are required" in second


def _registration(**guardian2):
    data = {
        "given_name": "Sara",
        "family_name": "Fjellstad",
        "date_of_birth": "2014-05-06",
        "national_id": "",
        "guardian1-name": "Lise Fjellstad",
        "guardian1-relation": "mother",
        "guardian1-has_parental_responsibility": "on",
    }
    data.update({f"guardian2-{k}": v for k, v in guardian2.items()})
    return data


@pytest.mark.parametrize(
    ("guardian2", "missing"),
    [({"phone": "+47 400 00 001"}, {"name", "relation"}), ({"name": "Per"}, {"relation"})],
)
def test_a_second_guardian_begun_needs_name_and_relation(client, world, guardian2, missing):
    client.force_login(world.teacher.user)
    response = client.post(reverse("cases:child_register"), _registration(**guardian2))
    assert response.status_code == 200
    errors = response.context["guardians"][1].errors
    assert set(errors) == missing
    assert all(errors[f] == ["This field is required."] for f in missing)
    assert not Child.objects.filter(family_name="Fjellstad").exists()
    assert MARK not in _second_guardian(response.content.decode())


def test_an_empty_second_guardian_is_left_out(client, world):
    client.force_login(world.teacher.user)
    response = client.post(reverse("cases:child_register"), _registration(name="", relation=""))
    assert response.status_code == 302
    assert Child.objects.get(family_name="Fjellstad").network.count() == 1


# --- the demo's synthetic numbers ---------------------------------------------------------------


def _offered(html: str) -> list[str]:
    start = html.index("Demo: synthetic identity numbers only")
    return re.findall(r"<code>([^<]+)</code>", html[start : html.index("</div>", start)])


@pytest.mark.parametrize("name", ["cases:concern_start", "cases:child_register"])
def test_the_demo_says_how_synthetic_numbers_look_and_offers_valid_ones(
    client, world, settings, name
):
    settings.HELHET_DEMO = True
    html = _page(client, world, name)
    assert "with 80 added to the month of birth" in html
    offered = _offered(html)
    assert len(offered) == 3
    for number in offered:
        parsed = nordic_id.parse(number, "NO")
        assert parsed.synthetic
        assert int(number[2:4]) > 80
        assert f"born {parsed.birth_date.strftime('%-d %B %Y')}" in html


@pytest.mark.parametrize(
    ("country", "words"),
    [("SE", "co-ordination numbers"), ("FI", "individual number from 900 to 999")],
)
def test_the_demo_hint_follows_the_municipalitys_country(client, world, settings, country, words):
    settings.HELHET_DEMO = True
    world.municipality.country = country
    world.municipality.save(update_fields=["country"])
    html = _page(client, world, "cases:concern_start")
    assert words in html
    offered = _offered(html)
    assert offered
    assert all(nordic_id.parse(number, country).synthetic for number in offered)


def test_where_no_synthetic_scheme_exists_the_demo_says_to_leave_numbers_empty(
    client, world, settings
):
    settings.HELHET_DEMO = True
    world.municipality.country = "DK"
    world.municipality.save(update_fields=["country"])
    html = _page(client, world, "cases:concern_start")
    assert "cannot be used in the demo; leave them empty" in html
    assert _offered(html) == []


def test_a_number_a_child_has_is_not_offered(client, world, settings):
    settings.HELHET_DEMO = True
    first = _offered(_page(client, world))
    Child.objects.filter(pk=world.child.pk).update(national_id=first[0])
    again = _offered(_page(client, world))
    assert first[0] not in again
    assert len(again) == 3


def test_outside_the_demo_there_is_no_hint(client, world, settings):
    settings.HELHET_DEMO = False
    for name in ("cases:concern_start", "cases:child_register"):
        assert "synthetic identity numbers" not in _page(client, world, name)


# --- the worry scale ----------------------------------------------------------------------------


def test_the_worry_scale_is_one_row_from_0_to_10_with_the_end_words(client, world):
    client.force_login(world.teacher.user)
    session = client.session
    session[FOUND_KEY] = [world.child.pk]
    session.save()
    html = client.get(reverse("cases:concern_create", args=[world.child.pk])).content.decode()
    start = html.index('class="worry-scale__options"')
    scale = html[start : html.index("</fieldset>", start)]
    values = re.findall(r'type="radio" name="worry"[^>]*value="(\d+)"', scale)
    assert values == [str(n) for n in range(11)]
    # The words at the ends stand beside 0 and 10, and are in those labels for screen readers.
    assert scale.index("not worried") < scale.index('value="0"')
    assert scale.rindex("very worried") > scale.index('value="10"')
    assert '<span class="ds-sr-only">0 – not worried</span>' in scale
    assert '<span class="ds-sr-only">10 – very worried</span>' in scale
    assert "choice-list" not in scale  # not the two-column grid of other choices
