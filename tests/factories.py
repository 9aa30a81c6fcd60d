"""Typed factories and scenario builders for tests (factory_boy)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from helhet.directory.models import ContactPerson, Service, ServiceNeed
from helhet.directory.search import search_words
from helhet.directory.vocabulary import Sector
from helhet.people.models import (
    Child,
    Membership,
    MembershipRole,
    NetworkPerson,
    Professional,
    User,
)
from helhet.tenancy.models import LevelModel, Municipality

PASSWORD = "correct-horse-battery-9"


def bti() -> LevelModel:
    # Transactional tests empty every table, data migrations included: make sure it exists.
    from helhet.tenancy.services import level_models_ensure_builtin

    return level_models_ensure_builtin()["bti"]


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Testvik {n} kommune")
    country = "NO"
    default_language = "nb"
    level_model = factory.LazyFunction(bti)
    consent_age = 15
    concern_decision_days = 14


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Tjeneste {n}")
    sector = Sector.SCHOOL
    description = "Hjelper barn og unge."
    # Stored as the services store them (helhet.directory.search), so searches find them.
    search_text = factory.LazyAttribute(lambda o: search_words(o.name, o.description))
    search_name = factory.LazyAttribute(lambda o: search_words(o.name))

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        for need in extracted or []:
            ServiceNeed.objects.create(service=self, need=need)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    role = "Rådgiver"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@test.example")
    name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)

    @classmethod
    def in_service(
        cls, service: Service, role: str = MembershipRole.STAFF, **kwargs
    ) -> Professional:
        professional = cls(municipality=service.municipality, **kwargs)
        Membership.objects.create(professional=professional, service=service, role=role)
        return professional


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    municipality = factory.SubFactory(MunicipalityFactory)
    given_name = "Ola"
    family_name = factory.Sequence(lambda n: f"Nordmann{n}")
    date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3650)
    )


class NetworkPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkPerson

    child = factory.SubFactory(ChildFactory)
    municipality = factory.LazyAttribute(lambda o: o.child.municipality)
    name = "Kari Nordmann"
    relation = "mother"
    has_parental_responsibility = True
