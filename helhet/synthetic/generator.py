"""Synthetic data: municipalities, services with contact persons, professionals, children and
their networks. Names come from Faker's Nordic locales; identity numbers are synthetic only
(``nordic_id.synthetic_number``), never a number that could be a real person's.

Deterministic for a given ``seed`` (and calendar day, since ages are counted from today).
"""

from __future__ import annotations

import dataclasses
import datetime
import random
import unicodedata

from django.db import transaction
from faker import Faker

from helhet.core import clock
from helhet.directory import services as directory_services
from helhet.people import nordic_id
from helhet.people import services as people_services
from helhet.people.models import Child, MembershipRole, NetworkPerson, Relation, User
from helhet.synthetic import catalogue
from helhet.synthetic.absence_demo import demo_absence
from helhet.synthetic.demo import (
    DATA_PROTECTION_OFFICERS,
    DEMO_ACCOUNTS,
    DEMO_MUNICIPALITIES,
    DEMO_PASSWORD,
    DEMO_SUPERUSER,
    LEADER_GROUP,
)
from helhet.synthetic.followup_demo import demo_follow_up
from helhet.synthetic.network_demo import demo_network
from helhet.synthetic.relay import demo_relay
from helhet.synthetic.screening_demo import demo_screening
from helhet.tenancy import services as tenancy_services
from helhet.tenancy.models import Municipality

FAKER_LOCALE = {
    "NO": "no_NO",
    "SE": "sv_SE",
    "DK": "da_DK",
    "FI": "fi_FI",
    "IS": "is_IS",
    "FO": "da_DK",
    "GL": "da_DK",
    "AX": "sv_SE",
}
LANGUAGE = {
    "NO": "nb",
    "SE": "sv",
    "DK": "da",
    "FI": "fi",
    "IS": "is",
    "FO": "da",
    "GL": "da",
    "AX": "sv",
}
CATALOGUE_LANGUAGE = {"nb": "nb", "sv": "sv"}


@dataclasses.dataclass
class Summary:
    municipalities: int = 0
    services: int = 0
    professionals: int = 0
    children: int = 0
    network_persons: int = 0
    demo_logins: list[tuple[str, str]] = dataclasses.field(default_factory=list)


def ascii_slug(value: str) -> str:
    folded = value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("ð", "d")
    folded = folded.replace("þ", "th")
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    dotted = "".join(c if c.isalnum() else "." for c in folded)
    return ".".join(part for part in dotted.split(".") if part)


class Generator:
    def __init__(self, *, seed: int, password: str | None):
        self.rng = random.Random(seed)
        self.seed = seed
        self.password = password
        self.fakers: dict[str, Faker] = {}
        self.level_models = tenancy_services.level_models_ensure_builtin()
        self.summary = Summary()
        self.today = clock.today()

    def faker(self, country: str) -> Faker:
        if country not in self.fakers:
            fake = Faker(FAKER_LOCALE[country])
            fake.seed_instance(self.seed)
            self.fakers[country] = fake
        return self.fakers[country]

    def municipality(
        self, *, name: str, country: str, language: str, level_model: str, domain: str
    ):
        municipality = tenancy_services.municipality_create(
            name=name,
            country=country,
            default_language=language,
            level_model=self.level_models[level_model],
            consent_age=self.rng.choice([15, 15, 16, 18]) if country != "NO" else 15,
            concern_decision_days=14,
        )
        self.summary.municipalities += 1
        services = self.directory(municipality, domain)
        return municipality, services

    def directory(self, municipality: Municipality, domain: str) -> list:
        language = CATALOGUE_LANGUAGE.get(municipality.default_language, "en")
        short = municipality.name.split(" ")[0]
        fake = self.faker(municipality.country)
        created = []
        for spec in catalogue.SERVICES:
            name = catalogue.text(spec["name"], language).format(m=short)
            contacts = []
            for role, ask in spec["contacts"]:
                person = fake.name()
                contacts.append(
                    {
                        "name": person,
                        "role": catalogue.text(role, language),
                        "phone": fake.numerify("## ## ## ##"),
                        "email": f"{ascii_slug(person)}@{domain}",
                        "ask_me_about": catalogue.text(ask, language),
                    }
                )
            service = directory_services.service_create(
                created_by=None,
                municipality=municipality,
                fields={
                    "name": name,
                    "sector": spec["sector"],
                    "description": catalogue.text(spec["offer"], language),
                    "min_age": spec["ages"][0],
                    "max_age": spec["ages"][1],
                    "is_low_threshold": spec["drop_in"],
                    "keywords": catalogue.text(spec["keywords"], language),
                    "how_to_get_in_touch": "",
                    "phone": fake.numerify("## ## ## ##"),
                    "email": f"post.{ascii_slug(name)[:40].strip('.')}@{domain}",
                    "address": fake.street_address(),
                    "opening_hours": "08:00–15:30",
                },
                needs=[str(n) for n in spec["needs"]],
                contacts=contacts,
            )
            created.append(service)
        self.summary.services += len(created)
        return created

    def professionals(self, municipality, services, domain: str, per_service: int) -> None:
        fake = self.faker(municipality.country)
        for service in services:
            for index in range(per_service):
                name = fake.name()
                professional = people_services.professional_create(
                    municipality=municipality,
                    email=f"{ascii_slug(name)}.{self.rng.randint(100, 999)}@{domain}",
                    name=name,
                    password=None,
                    title=str(service.get_sector_display()),
                )
                people_services.membership_add(
                    professional=professional,
                    service=service,
                    role=MembershipRole.LEADER if index == 0 else MembershipRole.STAFF,
                )
                self.summary.professionals += 1

    def demo_accounts(self, municipality, services, domain: str) -> dict:
        accounts = {}
        for login, name, title, service_index, role, is_admin in DEMO_ACCOUNTS.get(
            municipality.name, []
        ):
            email = f"{login}@{domain}"
            professional = people_services.professional_create(
                municipality=municipality,
                email=email,
                name=name,
                password=self.password,
                title=title,
                is_municipal_admin=is_admin,
                is_demo=True,
            )
            if login in DATA_PROTECTION_OFFICERS:
                professional.is_data_protection_officer = True
                professional.save(update_fields=["is_data_protection_officer"])
            if login in LEADER_GROUP:
                professional.is_leader_group = True
                professional.save(update_fields=["is_leader_group"])
            accounts[login] = professional
            people_services.membership_add(
                professional=professional, service=services[service_index], role=role
            )
            self.summary.professionals += 1
            self.summary.demo_logins.append((email, f"{name}, {title} ({municipality.name})"))
        return accounts

    def children(self, municipality: Municipality, count: int) -> None:
        fake = self.faker(municipality.country)
        children = []
        for _ in range(count):
            age_days = self.rng.randint(0, 24 * 365)
            birth = self.today - datetime.timedelta(days=age_days)
            family_name = fake.last_name()
            children.append(
                Child(
                    municipality=municipality,
                    given_name=fake.first_name(),
                    family_name=family_name,
                    date_of_birth=birth,
                    national_id=nordic_id.synthetic_number(municipality.country, birth, self.rng),
                )
            )
        # Synthetic numbers may collide; keep the first, drop the number of the rest.
        seen: set[str] = set()
        for child in children:
            if child.national_id in seen:
                child.national_id = None
            elif child.national_id:
                seen.add(child.national_id)
        Child.objects.bulk_create(children, batch_size=1000)
        saved = list(
            Child.objects.filter(municipality=municipality).order_by("-pk")[: len(children)]
        )
        network = []
        for child in saved:
            for relation in self.rng.choice(
                [
                    [Relation.MOTHER, Relation.FATHER],
                    [Relation.MOTHER],
                    [Relation.FATHER],
                    [Relation.PARENT, Relation.PARENT],
                    [Relation.FOSTER_PARENT],
                ]
            ):
                name = f"{fake.first_name()} {child.family_name}"
                network.append(
                    NetworkPerson(
                        child=child,
                        municipality=municipality,
                        name=name,
                        relation=relation,
                        has_parental_responsibility=True,
                        lives_with_child=self.rng.random() < 0.8,
                        phone=fake.numerify("9# ## ## ##"),
                        email=f"{ascii_slug(name)}@example.org",
                        address=fake.street_address(),
                    )
                )
        NetworkPerson.objects.bulk_create(network, batch_size=1000)
        self.summary.children += len(saved)
        self.summary.network_persons += len(network)


@transaction.atomic
def generate(
    *,
    municipalities: int,
    children_per_municipality: int,
    professionals_per_service: int = 2,
    seed: int = 2026,
    demo: bool = False,
) -> Summary:
    """Create synthetic municipalities (the demo ones first when ``demo``) in one transaction."""
    generator = Generator(seed=seed, password=DEMO_PASSWORD if demo else None)
    specs = list(DEMO_MUNICIPALITIES) if demo else []
    countries = ["NO", "SE", "DK", "FI", "IS"]
    while len(specs) < municipalities:
        country = countries[len(specs) % len(countries)]
        fake = generator.faker(country)
        for _attempt in range(50):
            name = f"{fake.city()}"
            if (
                not any(s["name"] == name for s in specs)
                and not Municipality.objects.filter(country=country, name=name).exists()
            ):
                break
        else:  # pragma: no cover - fifty clashes in a row means Faker's list is exhausted
            name = f"{fake.city()} {len(specs)}"
        specs.append(
            {
                "name": name,
                "country": country,
                "language": LANGUAGE[country],
                "level_model": "is-integration" if country == "IS" else "bti",
                "domain": f"{ascii_slug(name)}.example",
            }
        )
    made = []
    for spec in specs[: max(municipalities, len(DEMO_MUNICIPALITIES) if demo else 0)]:
        municipality, services = generator.municipality(**spec)
        made.append(municipality)
        generator.professionals(municipality, services, spec["domain"], professionals_per_service)
        accounts = {}
        if demo:
            accounts = generator.demo_accounts(municipality, services, spec["domain"])
        generator.children(municipality, children_per_municipality)
        if demo and accounts:
            demo_relay(municipality=municipality, accounts=accounts, rng=generator.rng)
            demo_absence(municipality=municipality, accounts=accounts)
            demo_follow_up(municipality=municipality, accounts=accounts)
            demo_screening(municipality=municipality, accounts=accounts)
    if demo:  # the network compares them; the dashboards read precomputed counts
        advisor = demo_network(made, password=generator.password)
        if advisor is not None:
            generator.summary.demo_logins.append(advisor)
    if demo and not User.objects.filter(email=DEMO_SUPERUSER[0]).exists():
        User.objects.create_superuser(
            email=DEMO_SUPERUSER[0], password=DEMO_PASSWORD, name=DEMO_SUPERUSER[1], is_demo=True
        )
        generator.summary.demo_logins.append(
            (DEMO_SUPERUSER[0], f"{DEMO_SUPERUSER[1]} (Django admin)")
        )
    return generator.summary
