"""The citizens' rules (helhet.access.policy.portal) and the portal's services."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhet.access.policy import portal as policy
from helhet.audit.models import AuditEvent
from helhet.cases.models import CitizenRole, LogEntry
from helhet.consent.models import Consent, ProposalStatus
from helhet.consent.services import family as family_consent
from helhet.consent.services import guardians_consent_ends
from helhet.consent.services.proposals import consent_propose
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.portal.models import GuardianSharing
from helhet.portal.services.sharing import guardian_sharing_set
from helhet.portal.services.voice import family_input_submit
from helhet.reminders.models import Task, TaskKind
from helhet.reminders.services import tasks_refresh
from tests.portal.conftest import citizen
from tests.portal.world import build_portal_world, professional_parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(persons):
    return build_portal_world(persons)


def _cases(person) -> set[int]:
    return {a.case.pk for a in policy.portal_accesses(citizen(person))}


def test_a_participating_guardian_sees_the_whole_case(family, persons):
    access = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    assert access.role == CitizenRole.GUARDIAN
    assert access.network_person == family.gro
    assert (access.overview, access.plan, access.meetings, access.log) == (True,) * 4
    assert access.consent and access.speak and not access.sharing
    assert access.citizen_ref == f"network_person:{family.gro.pk}"


def test_a_restricted_guardian_sees_nothing_of_the_child(family, persons):
    assert _cases(persons["rune"]) == set()
    with pytest.raises(Http404):
        policy.access_portal_case(citizen(persons["rune"]), family.emil_case.pk)
    assert policy.portal_children(citizen(persons["rune"])) == []


def test_a_guardian_who_does_not_take_part_sees_nothing(family, persons):
    family.emil_case.guardians.remove(family.gro)
    assert _cases(persons["gro"]) == set()


def test_the_young_persons_guardian_sees_only_what_the_young_person_shares(family, persons):
    tor = citizen(persons["tor"])
    assert _cases(persons["tor"]) == set()  # nothing shared yet
    sara = policy.access_portal_case(citizen(persons["sara"]), family.sara_case.pk)
    assert sara.role == CitizenRole.YOUNG_PERSON and sara.sharing and sara.consent
    guardian_sharing_set(access=sara, sections={"overview"})
    family.sara_case.refresh_from_db()
    access = policy.access_portal_case(tor, family.sara_case.pk)
    assert (access.overview, access.plan, access.meetings, access.log) == (
        True,
        False,
        False,
        False,
    )
    assert not access.consent, "from the consent age the young person decides"
    with pytest.raises(Http404):
        policy.access_portal_case(tor, family.sara_case.pk, section="plan")


def test_the_young_person_sees_their_own_case_from_the_portal_age(family, persons):
    assert _cases(persons["liten"]) == set(), "12 is below the portal age (13)"
    family.municipality.portal_age = 12
    family.municipality.save()
    assert _cases(persons["liten"]) == {family.liten_case.pk}


def test_a_professional_who_is_a_parent_sees_only_their_own_child(family, persons):
    professional_parent(family, persons)
    family.liten_case.guardians.add(*family.liten.network.all())
    assert _cases(persons["pia"]) == {family.liten_case.pk}


def test_another_municipalitys_case_is_never_reached_by_id(family, persons):
    from tests.scenarios import build_world

    other = build_world().case()
    with pytest.raises(Http404):
        policy.access_portal_case(citizen(persons["gro"]), other.pk)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sharing=st.sets(st.sampled_from(policy.PORTAL_SECTIONS)),
    restricted=st.booleans(),
    participates=st.booleans(),
    portal_age=st.integers(min_value=10, max_value=18),
)
def test_the_queryset_and_the_access_objects_agree(
    family, persons, sharing, restricted, participates, portal_age
):
    from helhet.people.models import NetworkPerson

    GuardianSharing.objects.update_or_create(
        case=family.sara_case,
        defaults={**{s: s in sharing for s in policy.PORTAL_SECTIONS}, "decided_at": clock.now()},
    )
    NetworkPerson.objects.filter(pk=family.tor.pk).update(
        portal_restriction="court_decision" if restricted else ""
    )
    if participates:
        family.emil_case.guardians.add(family.gro)
    else:
        family.emil_case.guardians.remove(family.gro)
    family.municipality.portal_age = portal_age
    family.municipality.save()
    for key in ("gro", "tor", "sara", "liten", "rune", "ukjent"):
        person = citizen(persons[key])
        by_object = {a.case.pk for a in policy.portal_accesses(person)}
        by_query = set(policy.portal_cases_visible_to(person).values_list("pk", flat=True))
        assert by_object == by_query, key


# --- consent in the portal ---------------------------------------------------------------------


def test_a_guardian_accepts_a_proposal_and_the_named_professional_joins(family, persons):
    proposal = consent_propose(
        case=family.emil_case,
        proposed_by=family.teacher.user,
        services=[family.ppt],
        purpose="PPT kan hjelpe med lesing.",
        professionals=[family.ppt_advisor],
    )
    access = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    consent = family_consent.family_proposal_accept(
        access=access, proposal_id=proposal.pk, assurance_level="idporten-loa-substantial"
    )
    assert consent.method == "digital" and consent.recorded_by is None
    assert consent.assurance_level == "idporten-loa-substantial"
    assert list(consent.guardians.all()) == [family.gro]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.consent == consent
    from helhet.access.policy import can_view_case

    assert can_view_case(family.ppt_advisor.user, family.emil_case)
    event = AuditEvent.objects.get(action="consent.give")
    assert (event.actor_id, event.actor_role, event.citizen_ref) == (
        None,
        "guardian",
        f"network_person:{family.gro.pk}",
    )
    with pytest.raises(DomainError, match="already been answered"):
        family_consent.family_proposal_accept(
            access=access, proposal_id=proposal.pk, assurance_level="x"
        )


def test_withdrawing_one_service_ends_its_access_at_once_and_keeps_the_rest(family, persons):
    from helhet.access.policy import can_view_case

    access = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    consent = Consent.objects.get(case=family.emil_case, withdrawn_at__isnull=True)
    assert can_view_case(family.nurse.user, family.emil_case)
    family_consent.family_consent_withdraw(
        access=access, consent_id=consent.pk, service_id=family.health.pk
    )
    assert not can_view_case(family.nurse.user, family.emil_case)
    assert can_view_case(family.teacher.user, family.emil_case)
    rest = Consent.objects.get(continues=consent)
    assert [s.pk for s in rest.services.all()] == [family.school.pk]
    consent.refresh_from_db()
    assert consent.withdrawn_by_role == CitizenRole.GUARDIAN
    task = Task.objects.get(kind=TaskKind.FAMILY_WITHDREW)
    assert task.assignee == family.teacher and task.case == family.emil_case
    entry = LogEntry.objects.filter(case=family.emil_case).latest("pk")
    assert entry.author is None and entry.citizen_role == CitizenRole.GUARDIAN


def test_the_coordinators_service_cannot_be_withdrawn_in_the_portal(family, persons):
    access = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    consent = Consent.objects.get(case=family.emil_case, withdrawn_at__isnull=True)
    with pytest.raises(DomainError, match="coordinates your case"):
        family_consent.family_consent_withdraw(
            access=access, consent_id=consent.pk, service_id=family.school.pk
        )
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_young_person_withdraws_the_guardians_consent_and_the_guardian_cannot_give_it_back(
    family, persons
):
    sara = policy.access_portal_case(citizen(persons["sara"]), family.sara_case.pk)
    consent = Consent.objects.get(case=family.sara_case, withdrawn_at__isnull=True)
    family_consent.family_consent_withdraw(
        access=sara, consent_id=consent.pk, service_id=family.health.pk
    )
    guardian_sharing_set(access=sara, sections={"overview"})
    family.sara_case.refresh_from_db()
    tor = policy.access_portal_case(citizen(persons["tor"]), family.sara_case.pk)
    proposal = consent_propose(
        case=family.sara_case,
        proposed_by=family.teacher.user,
        services=[family.health],
        purpose="Helsesykepleier igjen?",
    )
    with pytest.raises(DomainError, match="decide about consent"):
        family_consent.family_proposal_accept(
            access=tor, proposal_id=proposal.pk, assurance_level="x"
        )
    assert not Consent.objects.filter(
        case=family.sara_case, withdrawn_at__isnull=True, services=family.health
    ).exists()


def test_a_guardians_consent_ends_after_the_consent_age_unless_the_young_person_gives_theirs(
    family,
):
    case = family.sara_case
    ends = guardians_consent_ends(case)
    birthday = clock.birthday_at(family.sara.date_of_birth, 15)
    assert ends == birthday + datetime.timedelta(days=30)
    consent = Consent.objects.get(case=case, withdrawn_at__isnull=True)
    assert consent.valid_until == ends


def test_the_coordinator_is_asked_to_talk_to_the_young_person_before_the_birthday(family):
    # Turning 13 in 20 days is not the consent age (15); turning 15 in 20 days is.
    from helhet.people.models import Child

    born = clock.years_before(clock.today() + datetime.timedelta(days=20), 13)
    Child.objects.filter(pk=family.emil.pk).update(date_of_birth=born)
    tasks_refresh(case=family.emil_case)
    assert not Task.objects.filter(kind=TaskKind.CONSENT_AGE).exists()
    Child.objects.filter(pk=family.emil.pk).update(
        date_of_birth=clock.years_before(clock.today() + datetime.timedelta(days=20), 15)
    )
    tasks_refresh(case=family.emil_case)
    task = Task.objects.get(kind=TaskKind.CONSENT_AGE)
    assert task.assignee == family.teacher
    assert task.due_on == clock.today() + datetime.timedelta(days=20)


# --- the family's voice -----------------------------------------------------------------------


def test_what_matters_goes_to_the_log_and_the_childs_voice(family, persons):
    access = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    said = family_input_submit(access=access, what_matters="Emil trenger ro om morgenen.", scale=4)
    assert said.log_entry.citizen_role == CitizenRole.GUARDIAN
    assert "Emil trenger ro om morgenen." in said.log_entry.text
    from helhet.plans.selectors.voice import what_matters

    items = what_matters(fetched_by=family.teacher.user, case=family.emil_case)
    assert any("Emil trenger ro om morgenen." in i.said for i in items)
    with pytest.raises(DomainError, match="0 to 10"):
        family_input_submit(access=access, what_matters="x", scale=11)
    with pytest.raises(DomainError, match="at most"):
        family_input_submit(access=access, what_matters="x" * 10_001)


def test_the_young_person_gives_their_own_consent_in_place_of_the_guardians(family, persons):
    sara = policy.access_portal_case(citizen(persons["sara"]), family.sara_case.pk)
    earlier = Consent.objects.get(case=family.sara_case, withdrawn_at__isnull=True)
    own = family_consent.family_consent_give_own(
        access=sara, consent_id=earlier.pk, assurance_level="idporten-loa-substantial"
    )
    assert own.given_by == "young_person" and own.valid_until is None
    assert own.continues == earlier and own.method == "digital"
    tor_like = policy.access_portal_case(citizen(persons["gro"]), family.emil_case.pk)
    with pytest.raises(DomainError, match="Only the young person"):
        family_consent.family_consent_give_own(
            access=tor_like, consent_id=earlier.pk, assurance_level="x"
        )


def test_news_is_e_mailed_to_the_guardians_without_personal_data_once_a_day(
    family, persons, mailoutbox, django_capture_on_commit_callbacks
):
    from helhet.cases import services as case_services
    from helhet.people.models import NetworkPerson
    from helhet.portal.notifications import send_family_news

    NetworkPerson.objects.filter(pk=family.gro.pk).update(email="gro@example.invalid")
    NetworkPerson.objects.filter(pk=family.rune.pk).update(email="rune@example.invalid")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_services.log_entry_add(
            case=family.emil_case, author=family.teacher.user, kind="note", text="Emil leste høyt."
        )
    assert len(callbacks) == 1, "Gro only: Rune is restricted"
    send_family_news.call(family.gro.pk)
    send_family_news.call(family.gro.pk)  # within a day: not again
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["gro@example.invalid"]
    text = mail.subject + mail.body
    assert "Emil" not in text and "leste" not in text and family.emil.family_name not in text
    assert "/portal/" in mail.body


def test_a_guardians_identity_number_is_checked_and_stored_canonically(family, persons):
    from django.core.exceptions import ValidationError

    from helhet.people.services import child_register

    child = child_register(
        registered_by=family.teacher.user,
        municipality=family.municipality,
        child={"given_name": "Ny", "family_name": "Elev", "date_of_birth": persons["liten"].born},
        guardians=[
            {"name": "Hilde Hjelp", "relation": "mother", "national_id": persons["hilde"].pid},
            {"name": "Far", "relation": "father", "portal_restriction": "protected_address"},
        ],
    )
    mother, father = child.network.order_by("pk")
    assert mother.national_id == persons["hilde"].pid
    assert father.portal_restriction == "protected_address" and father.address_protected
    with pytest.raises(ValidationError, match="Guardian 1: "):
        child_register(
            registered_by=family.teacher.user,
            municipality=family.municipality,
            child={
                "given_name": "To",
                "family_name": "Elev",
                "date_of_birth": persons["liten"].born,
            },
            guardians=[{"name": "X", "relation": "mother", "national_id": "12345678901"}],
        )


def test_the_migration_ends_earlier_guardians_consents_like_new_ones(family):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "helhet.consent.migrations.0005_guardians_consent_ends_after_consent_age"
    )
    consent = Consent.objects.get(case=family.sara_case, withdrawn_at__isnull=True)
    Consent.objects.filter(pk=consent.pk).update(valid_until=None)  # as recorded before the rule
    migration.forwards(apps, None)
    consent.refresh_from_db()
    assert consent.valid_until == guardians_consent_ends(family.sara_case)
