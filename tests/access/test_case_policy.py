"""Property tests: the case and concern predicates agree with their querysets on generated worlds.

Worlds are built straight in the database (not through the services), so they also contain
states the services would never produce — the policy must still give one answer per question.
"""

from __future__ import annotations

import datetime

from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from helhet.access import policy
from helhet.cases.models import Case, CaseStatus, Concern, ConcernStatus, TeamMember
from helhet.consent.models import Consent, LawfulBasis
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.people.models import Membership, MembershipRole
from tests.factories import ChildFactory, MunicipalityFactory, ProfessionalFactory, ServiceFactory

SECTORS = [Sector.SCHOOL, Sector.HEALTH_STATION, Sector.CHILD_WELFARE]
member = st.tuples(st.integers(0, 3), st.integers(0, 2), st.booleans())  # who, which service, left
consent = st.tuples(
    st.sets(st.integers(0, 2), max_size=3),  # services
    st.sampled_from(["active", "withdrawn", "expired", "future"]),
)


class CasePolicyAgreement(HypothesisTestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        members=st.lists(member, max_size=5),
        consents=st.lists(consent, max_size=3),
        lawful=st.sets(st.integers(0, 2), max_size=2),
        roles=st.lists(st.sampled_from(["staff", "leader"]), min_size=4, max_size=4),
        concern_status=st.sampled_from([s for s, _label in ConcernStatus.choices]),
        foreign_actor=st.booleans(),
        closed=st.booleans(),
    )
    def test_predicates_and_querysets_agree(
        self, members, consents, lawful, roles, concern_status, foreign_actor, closed
    ):
        today = clock.today()
        now = clock.now()
        home = MunicipalityFactory()
        services = [ServiceFactory(municipality=home, sector=s) for s in SECTORS]
        people = []
        for index, role in enumerate(roles):
            professional = ProfessionalFactory(municipality=home)
            Membership.objects.create(
                professional=professional, service=services[index % 3], role=role
            )
            people.append(professional)
        if foreign_actor:
            people.append(ProfessionalFactory(municipality=MunicipalityFactory()))
        child = ChildFactory(municipality=home)
        level = home.level_model.levels.get(number=2)
        case = Case.objects.create(
            municipality=home,
            child=child,
            level=level,
            coordinator=people[0],
            coordinator_service=services[0],
            origin_service=services[0],
            opened_at=now,
        )
        for who, which, left in members:
            already_active = TeamMember.objects.filter(
                case=case, professional=people[who], left_at__isnull=True
            ).exists()
            if left or not already_active:  # at most one active membership per person
                TeamMember.objects.create(
                    case=case,
                    professional=people[who],
                    service=services[which],
                    joined_at=now,
                    left_at=now if left else None,
                )
        for covered, state in consents:
            record = Consent.objects.create(
                case=case,
                municipality=home,
                given_by="guardians",
                purpose="p",
                valid_from=today + datetime.timedelta(days=3 if state == "future" else -30),
                valid_until=today - datetime.timedelta(days=1) if state == "expired" else None,
                method="digital",
                recorded_by=people[0],
                recorded_at=now,
                withdrawn_at=now if state == "withdrawn" else None,
            )
            record.services.set([services[i] for i in covered])
        if lawful:
            basis = LawfulBasis.objects.create(
                case=case,
                municipality=home,
                kind="avert_serious_harm",
                justification="j" * 30,
                recorded_by=people[0],
                recorded_at=now,
            )
            basis.services.set([services[i] for i in lawful])
        concern = Concern.objects.create(
            municipality=home,
            child=child,
            registered_by=people[1],
            service=services[1],
            registered_at=now,
            observation="o",
            strengths="s",
            child_voice="v",
            worry=3,
            decision_due=today,
            status=concern_status,
            case=case if concern_status == ConcernStatus.COLLABORATION else None,
        )
        if closed:
            Case.objects.filter(pk=case.pk).update(status="closed", closed_at=now)
            case.refresh_from_db()

        for professional in people:
            user = type(professional.user).objects.get(pk=professional.user_id)
            visible_cases = set(policy.cases_visible_to(user).values_list("pk", flat=True))
            assert (case.pk in visible_cases) == policy.can_view_case(user, case)
            visible_concerns = set(policy.concerns_visible_to(user).values_list("pk", flat=True))
            assert (concern.pk in visible_concerns) == policy.can_view_concern(user, concern)
            decidable = set(policy.concerns_decidable_by(user).values_list("pk", flat=True))
            assert (concern.pk in decidable) == policy.can_decide_concern(user, concern)
            assert decidable <= visible_concerns
            if professional.municipality_id != home.pk:
                assert not visible_cases and not visible_concerns
            # The access object (which every door asks) agrees with the list's queryset, answers
            # 404 exactly when it may not be seen, and offers the actions by the written rules.
            access = policy.case_access(user, case)
            assert access.view == (case.pk in visible_cases)
            try:
                policy.access_case(user, case.pk)
            except Http404:
                assert not access.view
            else:
                assert access.view
            is_open = case.status == CaseStatus.OPEN
            leads = (
                case.coordinator_id == professional.pk
                or professional.memberships.filter(
                    service_id=case.coordinator_service_id, role=MembershipRole.LEADER
                ).exists()
            )
            assert access.lead == (access.view and is_open and leads)
            assert access.propose_handover == access.lead
            assert access.add_log_entry == access.record_consent == (access.view and is_open)
            assert access.work_on_plan == (access.view and is_open)
            assert access.export_plan == access.view
            assert access.view_access_log == (
                access.view and case.coordinator_id == professional.pk
            )
            if access.view:
                assert access.covered_services == frozenset(policy.covered_service_ids(case))
            if policy.can_view_case(user, case):
                # Rule 3: only an active team member whose service is covered sees the case.
                services_of_member = set(
                    case.team.filter(professional=professional, left_at__isnull=True).values_list(
                        "service_id", flat=True
                    )
                )
                assert services_of_member & policy.covered_service_ids(case)
            if concern_status != ConcernStatus.COLLABORATION and policy.can_view_concern(
                user, concern
            ):
                # Rule 2: before a case, the author, the service's leaders, or child welfare.
                assert (
                    professional == people[1]
                    or professional.memberships.filter(
                        service=services[1], role=MembershipRole.LEADER
                    ).exists()
                    or concern_status == ConcernStatus.REPORTED
                )


def test_a_handover_receiver_whose_consent_is_withdrawn_cannot_answer_or_see_it(db):
    from helhet.access import policy
    from helhet.cases import services as case_services
    from helhet.consent import services as consent_services
    from tests.scenarios import build_world

    world = build_world()
    case = world.case(consent_for=(world.school,))
    health = world.consent(case, world.health)
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    assert policy.can_answer_handover(world.nurse.user, handover)
    assert list(policy.handovers_awaiting(world.nurse.user)) == [handover]
    consent_services.consent_withdraw(consent=health, withdrawn_by=world.teacher.user)
    handover.refresh_from_db()
    assert not policy.can_answer_handover(world.nurse.user, handover)
    assert list(policy.handovers_awaiting(world.nurse.user)) == []
