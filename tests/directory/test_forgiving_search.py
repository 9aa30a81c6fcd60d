"""The directory search forgives: Nordic letters typed any way, a typo, a synonym in any of our
languages; results best first and paginated. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from helhet.directory import services
from helhet.directory.models import Service
from helhet.directory.search import query_words, search_words
from helhet.directory.selectors import DirectoryFilters, service_search
from helhet.directory.views import PAGE_SIZE
from helhet.directory.vocabulary import SYNONYMS, Need, Sector
from tests.conftest import give_second_factor
from tests.factories import MunicipalityFactory, ProfessionalFactory
from tests.querycount import assert_same_count, queries_in

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "directory-results"}


def add(municipality, name, *, description="Hjelper barn og unge.", needs=(), **fields):
    return services.service_create(
        created_by=None,
        municipality=municipality,
        fields={"name": name, "sector": Sector.SCHOOL, "description": description, **fields},
        needs=needs,
    )


def names(actor, text: str) -> list[str]:
    found = service_search(fetched_by=actor.user, filters=DirectoryFilters(text=text))
    return [service.name for service in found]


def page_names(response) -> list[str]:
    """The services listed on a directory page (or its HTMX fragment), in order."""
    content = response.content.decode()
    return re.findall(r'<h3 class="ds-heading" data-size="xs"><a [^>]*>([^<]+)</a>', content)


def logged_in(client, professional):
    give_second_factor(professional.user)
    client.force_login(professional.user)
    return client


@pytest.fixture
def home():
    return MunicipalityFactory(name="Heimby kommune")


@pytest.fixture
def actor(home):
    return ProfessionalFactory(municipality=home)


@pytest.fixture
def school(home):
    return add(
        home, "Heimby skole", description="Undervisning 1.–10. trinn.", needs=[Need.SCHOOL_ABSENCE]
    )


@pytest.fixture
def ranked(home, school):
    """Services that match "skolefravær" in different places (names sort another way)."""
    return {
        "name": add(home, "Skolefraværsteamet", description="Hjelper skoler og familier."),
        "need": school,  # "Heimby skole": the need, nowhere in its text
        "text": add(home, "Barnas hus", description="Samtaler om skolefravær og trivsel."),
        "text, sooner by name": add(home, "Alfa barnehage", description="Vi merker skolefravær."),
        "typo only": add(home, "Elvebakken", description="Tett oppfølging ved skolefraver."),
        "none": add(home, "Fritidsklubben", description="Drop-in for unge.", needs=[Need.LEISURE]),
    }


# --- folding ----------------------------------------------------------------------------------


def test_queries_fold_to_one_spelling_and_stored_texts_keep_every_spelling():
    assert query_words("Skolefravær, SKOLEFRAVÆR") == ["skolefravaer", "skolefravaer"]
    assert query_words("Øvrebø på Ålesund") == ["ovrebo", "pa", "alesund"]
    assert query_words("skólaforföll Þórður Mäkelä") == ["skolaforfoll", "thordur", "makela"]
    stored = search_words("Skolefravær på Øvrebø")
    for spelling in ("skolefravaer", "skolefravar", "pa", "paa", "ovrebo", "oevreboe"):
        assert f" {spelling} " in stored


def test_every_need_has_search_words_in_every_interface_language():
    languages = {code for code, _name in settings.LANGUAGES}
    assert set(SYNONYMS) == set(Need.values)
    for need, words in SYNONYMS.items():
        assert set(words) == languages, need
        assert all(text.strip() for text in words.values()), need


# --- what finds the school-absence service ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "skolefravær",
        "skolefravar",  # æ typed as a
        "skolefravaer",  # æ typed as ae
        "fravar",  # a part of the word
        "skulk",  # a Norwegian synonym
        "truancy",  # English
        "skolfrånvaro",  # Swedish
        "skolfranvaro",
        "pjæk",  # Danish
        "lintsaus",  # Finnish
        "skólaforföll",  # Icelandic
        "skolefravr",  # a typo
        "SKOLEFRAVÆR",
    ],
)
def test_forgiving_words_find_the_school_absence_service(actor, school, text):
    add(school.municipality, "Ungdomslosen", description="Drop-in.", needs=[Need.LONELINESS])
    with translation.override("nb"):
        assert names(actor, text) == ["Heimby skole"]


def test_a_typo_in_the_services_own_text_is_found(actor, home):
    add(home, "Leksehjelpa", description="Leksehjelp for alle klassetrinn.")
    assert names(actor, "leksehjelo") == ["Leksehjelpa"]
    assert names(actor, "klassetrin") == ["Leksehjelpa"]


def test_short_words_are_not_matched_fuzzily(actor, home):
    add(home, "Familiesenteret", description="Hjelp til familier.")
    assert names(actor, "hus") == []  # not "one letter from" hjelp or anything else


def test_swedish_on_a_norwegian_page_finds_the_service(client, actor, school):
    response = logged_in(client, actor).get(
        reverse("directory:index"), {"q": "skolfrånvaro"}, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert '<html lang="nb"' in response.content.decode()
    assert page_names(response) == ["Heimby skole"]


# --- best first -----------------------------------------------------------------------------------


def test_results_are_ranked_name_then_need_then_text_then_typo_ties_by_name(actor, ranked):
    expected = [
        "Skolefraværsteamet",  # the start of a word of its name
        "Heimby skole",  # a need it helps with
        "Alfa barnehage",  # its description (before Barnas hus by name)
        "Barnas hus",
        "Elvebakken",  # a letter off only
    ]
    assert names(actor, "skolefravær") == expected
    assert names(actor, "skolefravar") == expected


def test_a_whole_word_of_the_name_beats_its_start(actor, home):
    add(home, "Losen", description="Los for unge.")
    add(home, "Losentjenesten", description="Los for unge.")
    add(home, "Avdeling for los", description="Losen hjelper.")
    assert names(actor, "losen") == ["Losen", "Losentjenesten", "Avdeling for los"]


def test_the_page_and_its_htmx_fragment_show_the_same_ranking(client, actor, ranked):
    client = logged_in(client, actor)
    url = reverse("directory:index")
    page = client.get(url, {"q": "skolefravar"})
    fragment = client.get(url, {"q": "skolefravar"}, headers=HTMX)
    assert fragment.content.decode().lstrip().startswith('<section id="directory-results"')
    assert (
        page_names(page)
        == page_names(fragment)
        == [
            "Skolefraværsteamet",
            "Heimby skole",
            "Alfa barnehage",
            "Barnas hus",
            "Elvebakken",
        ]
    )


# --- pages ------------------------------------------------------------------------------------


def test_page_two_shows_the_rest_without_duplicates_also_in_the_fragment(client, actor, home):
    for i in range(PAGE_SIZE + 3):
        add(home, f"Tjeneste {i:02}", description="Oppfølging ved skolefravær.")
    add(home, "Skolefraværsteamet")  # ranked first: page 2 is not simply the end of the alphabet
    client = logged_in(client, actor)
    url = reverse("directory:index")
    first = client.get(url, {"q": "skolefravar"})
    second = client.get(url, {"q": "skolefravar", "page": "2"})
    second_fragment = client.get(url, {"q": "skolefravar", "page": "2"}, headers=HTMX)
    shown = page_names(first) + page_names(second)
    assert len(page_names(first)) == PAGE_SIZE
    assert page_names(first)[0] == "Skolefraværsteamet"
    assert page_names(second) == page_names(second_fragment)
    assert len(shown) == len(set(shown)) == PAGE_SIZE + 4
    assert "Page 2 of 2" in second.content.decode()
    assert "q=skolefravar" in first.content.decode().split('class="pager"')[1]  # next page link


def test_the_count_is_announced_from_a_live_region_that_htmx_updates(client, actor, ranked):
    client = logged_in(client, actor)
    url = reverse("directory:index")
    page = client.get(url, {"q": "skolefravar"}).content.decode()
    fragment = client.get(url, {"q": "skolefravar"}, headers=HTMX).content.decode()
    status = re.compile(r'<p id="directory-status"[^>]*role="status"[^>]*>5 services found</p>')
    assert len(status.findall(page)) == 1
    assert len(status.findall(fragment)) == 1
    assert 'data-hx-swap-oob="innerHTML"' in status.search(fragment).group(0)


# --- tenancy --------------------------------------------------------------------------------------


def test_another_municipalitys_services_never_appear(client, actor, ranked):
    away = MunicipalityFactory(name="Bortby kommune")
    add(away, "Bortby skolefraværsteam", description="Skolefravær.", needs=[Need.SCHOOL_ABSENCE])
    add(away, "Bortby skole", description="Skolefraver.", needs=[Need.SCHOOL_ABSENCE])
    for text in ("skolefravar", "skolefravr", "truancy", "bortby"):
        assert not any(name.startswith("Bortby") for name in names(actor, text)), text
    client = logged_in(client, actor)
    for headers in ({}, HTMX):
        response = client.get(reverse("directory:index"), {"q": "skolefravr"}, headers=headers)
        assert "Bortby" not in response.content.decode()


# --- the search text follows the entry ------------------------------------------------------------


def test_editing_a_service_in_the_directory_updates_what_finds_it(client, actor, school):
    admin = ProfessionalFactory(municipality=school.municipality, is_municipal_admin=True)
    client = logged_in(client, admin)
    response = client.post(
        reverse("directory:edit", args=[school.pk]),
        {
            "name": "Heimby skule",
            "sector": Sector.SCHOOL,
            "description": "Leksehjelp på Ålen.",
            "needs": [Need.BULLYING],
            "min_age": "6",
            "max_age": "16",
            "is_active": "on",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "30",
            "contacts-0-name": "Åse Øvrebø",
            "contacts-0-ask_me_about": "trivsel",
        },
    )
    assert response.status_code == 302
    for text in ("skule", "leksehjelp", "aalen", "ovrebo", "mobbing", "nettmobing"):
        assert names(actor, text) == ["Heimby skule"], text
    for text in ("undervisning", "trinn", "truancy"):
        assert names(actor, text) == [], text


def test_the_service_update_refolds_name_and_text(actor, school):
    services.service_update(
        updated_by=None,
        service=school,
        fields={"name": "Skolefraværsteamet"},
        needs=[],
        contacts=[{"name": "Þórður"}],
    )
    school.refresh_from_db()
    assert " skolefravar" in school.search_name
    assert " thordur " in school.search_text
    assert names(actor, "thordur") == ["Skolefraværsteamet"]


def test_the_migration_refolds_existing_search_texts(actor, school):
    # As the earlier code stored it: only case-folded, no folded name.
    Service.objects.filter(pk=school.pk).update(
        search_text="heimby skole skolefravær", search_name=""
    )
    migration = importlib.import_module("helhet.directory.migrations.0004_forgiving_search")
    migration.refold_search_texts(django_apps, SimpleNamespace(connection=connection))
    school.refresh_from_db()
    assert school.search_name == " heimby skole "
    assert " undervisning " in school.search_text
    assert names(actor, "heimby") == ["Heimby skole"]


# --- queries --------------------------------------------------------------------------------------


def test_a_forgiving_search_runs_as_many_queries_for_30_results_as_for_2(actor, home):
    def search_and_show() -> int:
        filters = DirectoryFilters(text="skolefravr fravar truancy")  # fuzzy, partial, synonym
        results = list(service_search(fetched_by=actor.user, filters=filters))
        for service in results:
            list(service.needs.all())
            list(service.contacts.all())
        return len(results)

    search_and_show()  # the actor's professional is looked up once, then kept on the user
    counts = {}
    for n in (2, 30):
        for i in range(Service.objects.filter(municipality=home).count(), n):
            add(home, f"Tjeneste {i}", needs=[Need.SCHOOL_ABSENCE, Need.HOUSING])
        counts[n] = queries_in(search_and_show)
        assert search_and_show() == n
    assert_same_count(counts, expected=3)  # the services, their needs, their contacts
