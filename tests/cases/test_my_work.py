"""HTTP tests for *My work*: what each professional sees, the access log and the query count."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from helhet.access import policy
from helhet.audit.models import AuditEvent
from helhet.cases import services
from helhet.cases.models import Concern
from helhet.core import clock
from tests.conftest import give_second_factor
from tests.factories import ChildFactory, UserFactory
from tests.querycount import assert_same_count, measured
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

URL = "/work/"
# Measured, whatever the number of items (tests/querycount.py); child welfare also sees reports.
MY_WORK_QUERIES = {"teacher": 15, "head_teacher": 15, "cw_worker": 17}
# The case page of a case with the coordinator alone on the team (one consent, one log entry).
CASE_PAGE_QUERIES_ALONE = 30  # as with a team (tests/cases/test_case_views.py)


@pytest.fixture
def world():
    return build_world()


def _page(client, professional):
    client.force_login(professional.user)
    response = client.get(reverse("cases:my_work"))
    assert response.status_code == 200
    return response, response.content.decode()


def test_url_contract():
    assert reverse("cases:my_work") == URL


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("cases:my_work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_account_without_professional_profile_gets_404(client):
    user = UserFactory()
    give_second_factor(user)
    client.force_login(user)
    assert client.get(reverse("cases:my_work")).status_code == 404


def test_empty_page_says_what_to_do(client, world):
    _response, html = _page(client, world.nurse)
    assert "No concern is waiting for your decision" in html
    assert "You do not coordinate any case" in html
    assert reverse("cases:concern_start") in html
    assert "Reports to child welfare" not in html  # the nurse is not in child welfare


def test_author_and_leader_see_the_concern_to_decide(client, world):
    concern = world.concern()
    for professional in (world.teacher, world.head_teacher):
        _response, html = _page(client, professional)
        assert world.child.family_name in html
        assert reverse("cases:concern", args=[concern.pk]) in html
        assert "Overdue" not in html
    for professional in (world.nurse, world.ppt_advisor, world.cw_worker):
        _response, html = _page(client, professional)
        assert world.child.family_name not in html


def test_overdue_concern_gets_a_badge(client, world):
    concern = world.concern()
    Concern.objects.filter(pk=concern.pk).update(
        decision_due=clock.today() - datetime.timedelta(days=2)
    )
    response, html = _page(client, world.teacher)
    assert "Overdue" in html
    assert response.context["work"].overdue_count == 1


def test_decided_concern_is_no_longer_waiting(client, world):
    concern = world.concern()
    services.concern_decide(
        concern=concern, decided_by=world.teacher.user, decision="closed", note="Ok."
    )
    _response, html = _page(client, world.teacher)
    assert reverse("cases:concern", args=[concern.pk]) not in html


def test_another_municipality_sees_nothing_of_ours(client, world):
    world.concern()
    world.case(consent_for=(world.school,))
    other = build_world()
    _response, html = _page(client, other.head_teacher)
    assert world.child.family_name not in html


def test_coordinator_team_member_and_handover(client, world):
    case = world.case(consent_for=(world.school, world.health))
    services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    case.refresh_from_db()
    handover = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    response, html = _page(client, world.teacher)
    work = response.context["work"]
    assert [c.pk for c in work.coordinating] == [case.pk]
    assert work.taking_part == []
    assert reverse("cases:case", args=[case.pk]) in html

    response, html = _page(client, world.nurse)
    work = response.context["work"]
    assert work.coordinating == []
    assert [c.pk for c in work.taking_part] == [case.pk]
    assert [h.pk for h in work.handovers] == [handover.pk]
    assert reverse("cases:handover", args=[handover.pk]) in html

    # The PPT advisor is not on the team.
    response, _html = _page(client, world.ppt_advisor)
    assert response.context["work"].taking_part == []


def test_child_welfare_sees_reports(client, world):
    concern = world.concern()
    services.concern_decide(
        concern=concern,
        decided_by=world.teacher.user,
        decision="reported",
        report_content="Blåmerker.",
    )
    response, html = _page(client, world.cw_worker)
    assert "Reports to child welfare" in html
    assert [c.pk for c in response.context["work"].reports] == [concern.pk]
    assert reverse("cases:concern", args=[concern.pk]) in html


def test_each_page_view_is_audited_once(client, world):
    world.concern()
    _page(client, world.teacher)
    event = AuditEvent.objects.get(action="work.read")
    assert (event.actor_id, event.municipality_id) == (world.teacher.user.pk, world.municipality.pk)
    assert event.purpose == "my work"


def test_decide_queryset_agrees_with_the_policy(world):
    world.concern()
    decided = world.concern()
    services.concern_decide(concern=decided, decided_by=world.teacher.user, decision="own_service")
    world.case(consent_for=(world.school, world.health))
    everyone = (world.teacher, world.head_teacher, world.nurse, world.ppt_advisor, world.cw_worker)
    for professional in everyone:
        listed = set(policy.concerns_decidable_by(professional.user).values_list("pk", flat=True))
        allowed = {
            c.pk for c in Concern.objects.all() if policy.can_decide_concern(professional.user, c)
        }
        assert listed == allowed


def _fill(world, n: int) -> None:
    """n concerns (some reported), n/5 cases coordinated by the teacher, one handover."""
    for i in range(n):
        child = ChildFactory(municipality=world.municipality)
        concern = world.concern(child=child)
        if i % 5 == 0:
            services.concern_decide(
                concern=concern,
                decided_by=world.teacher.user,
                decision="collaboration",
                level=world.level(2),
            )
        elif i % 5 == 1:
            services.concern_decide(
                concern=concern,
                decided_by=world.teacher.user,
                decision="reported",
                report_content="Rapport.",
            )


@pytest.mark.parametrize("who", ["teacher", "head_teacher", "cw_worker"])
def test_query_count_is_the_same_for_5_and_50_items(client, world, who):
    professional = getattr(world, who)
    client.force_login(professional.user)
    counts, filled = {}, 0
    for n in (5, 50):
        _fill(world, n - filled)  # both multiples of 5: the same mix of concerns and cases
        filled = n
        counts[n], response = measured(client, reverse("cases:my_work"))
        work = response.context["work"]
        if who == "teacher":
            assert len(work.coordinating) == n // 5
            assert len(work.concerns_to_decide) == n - 2 * (n // 5)
        if who == "cw_worker":
            assert len(work.reports) == n // 5
    assert_same_count(counts, expected=MY_WORK_QUERIES[who])


def _bulk_cases(world, n: int) -> None:
    """n open cases coordinated by the teacher, with consent and a log entry each, in bulk."""
    from helhet.cases.models import Case, LogEntry, TeamMember
    from helhet.consent.models import Consent
    from helhet.people.models import Child

    now = clock.now()
    children = Child.objects.bulk_create(
        [
            Child(
                municipality=world.municipality,
                given_name="Barn",
                family_name=f"Bulk{i}",
                date_of_birth=world.child.date_of_birth,
            )
            for i in range(n)
        ]
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                municipality=world.municipality,
                child=child,
                level=world.level(2),
                coordinator=world.teacher,
                coordinator_service=world.school,
                origin_service=world.school,
                opened_at=now,
            )
            for child in children
        ]
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(case=c, professional=world.teacher, service=world.school, joined_at=now)
            for c in cases
        ]
    )
    consents = Consent.objects.bulk_create(
        [
            Consent(
                case=c,
                municipality=world.municipality,
                given_by="guardians",
                purpose="p",
                valid_from=clock.today(),
                method="digital",
                recorded_by=world.teacher,
                recorded_at=now,
            )
            for c in cases
        ]
    )
    Consent.services.through.objects.bulk_create(
        [Consent.services.through(consent=c, service=world.school) for c in consents]
    )
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                case=c,
                kind="note",
                author=world.teacher,
                service=world.school,
                created_at=now,
                text="Notat",
            )
            for c in cases
        ]
    )


def test_my_work_and_case_page_run_the_same_queries_at_5_and_500_cases(client, world):
    client.force_login(world.teacher.user)
    case_url = reverse("cases:case", args=[world.case(consent_for=(world.school,)).pk])
    counts: dict[str, dict[int, int]] = {"work": {}, "case": {}}
    for total, more in ((5, 5), (500, 495)):
        _bulk_cases(world, more)
        for key, url in (("work", reverse("cases:my_work")), ("case", case_url)):
            counts[key][total], response = measured(client, url)
    assert len(response.context["case"].child.family_name) > 0
    work = client.get(reverse("cases:my_work")).context["work"]
    assert len(work.coordinating) == 501
    assert_same_count(counts["work"], expected=MY_WORK_QUERIES["teacher"])
    assert_same_count(counts["case"], expected=CASE_PAGE_QUERIES_ALONE)
