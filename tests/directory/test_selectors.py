from __future__ import annotations

import pytest
from django.utils import translation

from helhet.directory import services
from helhet.directory.models import Service
from helhet.directory.selectors import DirectoryFilters, service_search
from helhet.directory.vocabulary import Need, Sector
from tests.factories import MunicipalityFactory, ProfessionalFactory, ServiceFactory
from tests.querycount import assert_same_count, queries_in

pytestmark = pytest.mark.django_db


def _names(actor, **filters):
    return [
        s.name for s in service_search(fetched_by=actor.user, filters=DirectoryFilters(**filters))
    ]


@pytest.fixture
def world():
    home = MunicipalityFactory(name="Heimby kommune")
    away = MunicipalityFactory(name="Bortby kommune")
    school = services.service_create(
        created_by=None,
        municipality=home,
        fields={
            "name": "Heimby skole",
            "sector": Sector.SCHOOL,
            "description": "Undervisning.",
            "min_age": 6,
            "max_age": 16,
        },
        needs=[Need.SCHOOL_ABSENCE, Need.BULLYING],
        contacts=[
            {
                "name": "Siri Sosiallærer",
                "role": "Sosiallærer",
                "ask_me_about": "Skolevegring og trivsel",
            }
        ],
    )
    youth = services.service_create(
        created_by=None,
        municipality=home,
        fields={
            "name": "Ungdomslosen",
            "sector": Sector.LOW_THRESHOLD_YOUTH,
            "description": "Drop-in for unge.",
            "min_age": 13,
            "max_age": 24,
            "is_low_threshold": True,
        },
        needs=[Need.LONELINESS],
    )
    foreign = services.service_create(
        created_by=None,
        municipality=away,
        fields={
            "name": "Bortby skole",
            "sector": Sector.SCHOOL,
            "description": "Skole.",
            "min_age": 6,
            "max_age": 16,
        },
        needs=[Need.SCHOOL_ABSENCE],
    )
    actor = ProfessionalFactory(municipality=home)
    return {"school": school, "youth": youth, "foreign": foreign, "actor": actor}


def test_lists_only_the_actors_municipality(world):
    assert _names(world["actor"]) == ["Heimby skole", "Ungdomslosen"]


def test_finds_by_need_label_in_english(world):
    assert _names(world["actor"], text="school absence") == ["Heimby skole"]


def test_finds_by_need_label_in_norwegian_whatever_the_active_language(world):
    with translation.override("en"):
        assert _names(world["actor"], text="skolefravær") == ["Heimby skole"]


def test_finds_by_contact_persons_topic_with_nordic_letters_case_folded(world):
    assert _names(world["actor"], text="SKOLEVEGRING") == ["Heimby skole"]
    assert _names(world["actor"], text="sosiallærer") == ["Heimby skole"]


def test_every_word_must_match(world):
    assert _names(world["actor"], text="drop-in skole") == []


def test_filters_by_age_sector_need_and_low_threshold(world):
    actor = world["actor"]
    assert _names(actor, age=20) == ["Ungdomslosen"]
    assert _names(actor, sector=Sector.SCHOOL) == ["Heimby skole"]
    assert _names(actor, need=Need.LONELINESS) == ["Ungdomslosen"]
    assert _names(actor, low_threshold=True) == ["Ungdomslosen"]


def test_inactive_services_are_hidden_from_search(world):
    services.service_update(
        updated_by=None,
        service=world["youth"],
        fields={"is_active": False},
        needs=[Need.LONELINESS],
    )
    assert _names(world["actor"]) == ["Heimby skole"]


def test_actor_without_professional_profile_sees_nothing(world):
    from tests.factories import UserFactory

    user = UserFactory()
    assert list(service_search(fetched_by=user, filters=DirectoryFilters())) == []


def test_the_search_runs_as_many_queries_for_32_services_as_for_4(world):
    actor = world["actor"].user

    def search_and_show() -> int:
        results = list(service_search(fetched_by=actor, filters=DirectoryFilters()))
        for service in results:
            list(service.needs.all())
            list(service.contacts.all())
        return len(results)

    search_and_show()  # the actor's professional is looked up once, then kept on the user
    counts = {}
    for n in (2, 30):
        for i in range(Service.objects.filter(name__startswith="Ekstra").count(), n):
            ServiceFactory(
                municipality=world["actor"].municipality, name=f"Ekstra {i}", needs=[Need.HOUSING]
            )
        counts[n] = queries_in(search_and_show)
        assert search_and_show() == n + 2
    assert_same_count(counts, expected=3)  # the services, their needs, their contacts
