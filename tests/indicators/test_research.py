"""The pseudonymised research extract: the data protection officer records a project (free text
and identities refused), approves it, and downloads an extract in which no name, identity
number, exact date or free text appears, pseudonyms are the project's own, and every
combination of the quasi-identifiers occurs at least five times; each extract is recorded."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import duckdb
import pytest
from django.http import Http404
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.indicators import research, services
from helhet.indicators.models import ResearchExtract
from helhet.people.models import User
from tests.indicators.test_indicators import concerns
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db
ALL = list(research.FIELDS)


@pytest.fixture
def world():
    world = build_world()
    world.head_teacher.is_data_protection_officer = True
    world.head_teacher.save(update_fields=["is_data_protection_officer"])
    return world


def dpo(world):
    return User.objects.get(pk=world.head_teacher.user_id)


def project(world, fields=ALL, approve=True):
    today = clock.today()
    made = services.research_project_propose(
        proposed_by=dpo(world),
        name="Evaluering av Lopfjølin",
        purpose="Effekten av tidlig innsats.",
        period_start=today - datetime.timedelta(days=30),
        period_end=today,
        fields=fields,
    )
    if approve:
        services.research_project_approve(approved_by=dpo(world), pk=made.pk)
    return made


def unzip(data: bytes) -> tuple[list[dict], dict, zipfile.ZipFile]:
    zipped = zipfile.ZipFile(io.BytesIO(data))
    rows = list(csv.DictReader(io.StringIO(zipped.read("extract.csv").decode())))
    return rows, json.loads(zipped.read("dictionary.json")), zipped


def test_free_text_and_identities_are_never_asked_for(world):
    for forbidden in (["observation"], ["national_id", "age_years"]):
        with pytest.raises(DomainError, match="never extracted") as refused:
            project(world, fields=forbidden)
        assert refused.value.field == "fields"
    with pytest.raises(Http404):
        services.research_project_propose(
            proposed_by=world.teacher.user,
            name="x",
            purpose="y",
            period_start=clock.today(),
            period_end=clock.today(),
            fields=["age_years"],
        )


def test_no_extract_before_approval(world):
    proposed = project(world, approve=False)
    with pytest.raises(DomainError, match="not approved"):
        services.research_extract(made_by=dpo(world), pk=proposed.pk)
    assert not ResearchExtract.objects.exists()


def test_the_extract_is_pseudonymous_coarse_and_k_anonymous(world, tmp_path):
    made = concerns(world, 12)
    first = project(world)
    _project, data = services.research_extract(made_by=dpo(world), pk=first.pk)
    rows, dictionary, zipped = unzip(data)
    text = zipped.read("extract.csv").decode()
    for concern in made:
        child = concern.child
        assert child.given_name not in text and child.family_name not in text
        assert child.national_id is None or child.national_id not in text
        assert child.date_of_birth.isoformat() not in text
        assert concern.observation not in text and concern.strengths not in text
    assert clock.today().isoformat() not in text  # months at most
    quasi = dictionary["quasi_identifiers"]
    assert quasi == ["registered_month", "age_years", "sector"]
    assert research.k_anonymous(rows, quasi)
    assert len(rows) + dictionary["rows_left_out_for_k_anonymity"] == 12
    # The Parquet file holds the same rows.
    parquet = zipped.extract("extract.parquet", path=str(tmp_path))
    assert duckdb.read_parquet(parquet).shape[0] == len(rows)
    # Pseudonyms: stable within the project, different in another.
    _again, data_again = services.research_extract(made_by=dpo(world), pk=first.pk)
    assert sorted(r["child"] for r in unzip(data_again)[0]) == sorted(r["child"] for r in rows)
    second = project(world)
    other = unzip(services.research_extract(made_by=dpo(world), pk=second.pk)[1])[0]
    assert not {r["child"] for r in other} & {r["child"] for r in rows}
    assert AuditEvent.objects.filter(action="research.extract").count() == 3
    assert ResearchExtract.objects.filter(project=first).count() == 2


def test_a_combination_that_stands_out_is_generalised_or_left_out(world):
    concerns(world, 6)  # six nine-year-olds at the school
    odd = concerns(world, 1)[0]
    odd.child.date_of_birth = clock.today() - datetime.timedelta(days=15 * 366)
    odd.child.save(update_fields=["date_of_birth"])
    made = project(world, fields=["child", "age_years", "sector"])
    rows, dictionary, _zipped = unzip(services.research_extract(made_by=dpo(world), pk=made.pk)[1])
    assert research.k_anonymous(rows, ["age_years", "sector"])
    # The 15-year-old stands out even in six-year bands: left out, and counted.
    assert dictionary["rows_left_out_for_k_anonymity"] == 1
    assert dictionary["generalised"] == ["age_years", "age_years"]
    assert len(rows) == 6


def test_the_pages_are_the_data_protection_officers(client, world):
    concerns(world, 5)
    client.force_login(world.teacher.user)
    assert client.get(reverse("indicators:research")).status_code == 404
    client.force_login(dpo(world))
    response = client.post(
        reverse("indicators:research"),
        {
            "name": "Lopfjølin",
            "purpose": "Effekt.",
            "period_start": (clock.today() - datetime.timedelta(days=30)).isoformat(),
            "period_end": clock.today().isoformat(),
            "fields": ["child", "age_years", "sector"],
        },
    )
    made = research_project = response.headers["Location"]
    pk = int(made.rstrip("/").split("/")[-1])
    response = client.post(reverse("indicators:research_extract", args=[pk]))
    assert response.status_code == 302  # not approved: back with the message
    client.post(reverse("indicators:research_approve", args=[pk]))
    response = client.post(reverse("indicators:research_extract", args=[pk]))
    assert response["Content-Type"] == "application/zip"
    assert unzip(response.content)[1]["project"] == "Lopfjølin"
    other = build_world()
    other.head_teacher.is_data_protection_officer = True
    other.head_teacher.save(update_fields=["is_data_protection_officer"])
    client.force_login(User.objects.get(pk=other.head_teacher.user_id))
    assert client.get(research_project).status_code == 404
    assert client.post(reverse("indicators:research_extract", args=[pk])).status_code == 404


def test_an_ended_project_makes_no_extract_and_has_no_key(client, world):
    concerns(world, 6)
    made = project(world)
    client.force_login(dpo(world))
    url = reverse("indicators:research_project", args=[made.pk])
    client.post(reverse("indicators:research_extract", args=[made.pk]))
    page = client.get(url).content.decode()
    assert "Extracts handed out" in page and "<td>6</td>" in page  # one extract of six rows
    other = build_world()  # another municipality's officer cannot end it
    other.head_teacher.is_data_protection_officer = True
    other.head_teacher.save(update_fields=["is_data_protection_officer"])
    client.force_login(User.objects.get(pk=other.head_teacher.user_id))
    assert client.post(reverse("indicators:research_end", args=[made.pk])).status_code == 404
    client.force_login(dpo(world))
    response = client.post(reverse("indicators:research_end", args=[made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.key) == ("ended", "")
    assert made.ended_at is not None
    assert AuditEvent.objects.filter(action="research.end", object_id=str(made.pk)).count() == 1
    with pytest.raises(DomainError, match="has ended"):
        services.research_extract(made_by=dpo(world), pk=made.pk)
    with pytest.raises(DomainError, match="already ended"):
        services.research_project_end(ended_by=dpo(world), pk=made.pk)
    assert ResearchExtract.objects.filter(project=made).count() == 1  # the record stays
    assert "End the project" not in client.get(url).content.decode()
