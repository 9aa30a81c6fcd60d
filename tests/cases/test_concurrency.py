"""Exactly one coordinator, whatever happens at the same time.

Parallel threads, each with its own database connection, race to propose, accept, reject and
close. Row locks on the case (select_for_update) plus the database's own constraints must keep
the invariant: an open case has exactly one coordinator, who is on the team, and at most one
handover is pending. Runs on PostgreSQL in CI (real row locks) and on SQLite (database lock).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import DatabaseError, IntegrityError, OperationalError, connection, connections

from helhet.cases import services
from helhet.cases.models import Case, Handover, HandoverStatus
from helhet.core.errors import DomainError
from helhet.people.models import MembershipRole
from tests.scenarios import build_world, professional_in

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED = (DomainError, IntegrityError, DatabaseError)


def _race(functions) -> list:
    """Run the functions at the same moment in threads; return each outcome or exception."""
    barrier = threading.Barrier(len(functions))
    outcomes: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            for attempt in range(20):
                try:
                    outcomes[index] = function()
                    break
                except OperationalError as exc:
                    # SQLite's shared in-memory test database answers "locked" at once instead
                    # of waiting like PostgreSQL's row locks; a person would simply try again.
                    if "locked" not in str(exc) or attempt == 19:
                        raise
                    time.sleep(0.05)
        except EXPECTED as exc:  # refused by a rule or a lock: the invariant's job
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _assert_invariant(case: Case) -> None:
    case.refresh_from_db()
    assert case.coordinator_id is not None
    assert case.team.filter(professional_id=case.coordinator_id, left_at__isnull=True).exists()
    assert case.handovers.filter(status=HandoverStatus.PENDING).count() <= 1


@pytest.fixture
def racing_world():
    world = build_world()
    case = world.case(consent_for=(world.school, world.health, world.ppt))
    extra_nurses = [professional_in(world.health) for _ in range(3)]
    return world, case, extra_nurses


def test_parallel_proposals_leave_one_pending_handover(racing_world):
    world, case, nurses = racing_world
    receivers = [world.nurse, world.ppt_advisor, *nurses]
    outcomes = _race(
        [
            (
                lambda r=r: services.handover_propose(
                    case=case,
                    proposed_by=world.teacher.user,
                    to_professional=r,
                    to_service=r.memberships.first().service,
                )
            )
            for r in receivers
        ]
    )
    created = [o for o in outcomes if isinstance(o, Handover)]
    assert len(created) == 1, outcomes
    assert Handover.objects.filter(case=case, status=HandoverStatus.PENDING).count() == 1
    _assert_invariant(case)


def test_parallel_accepts_change_the_coordinator_once(racing_world):
    world, case, _nurses = racing_world
    handover = services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    outcomes = _race(
        [lambda: services.handover_accept(handover=handover, accepted_by=world.nurse.user)] * 4
    )
    accepted = [o for o in outcomes if isinstance(o, Handover)]
    assert len(accepted) == 1, outcomes
    case.refresh_from_db()
    assert case.coordinator == world.nurse
    assert case.team.filter(professional=world.nurse, left_at__isnull=True).count() == 1
    _assert_invariant(case)


def test_accept_reject_and_close_racing_keep_the_invariant(racing_world):
    world, case, _nurses = racing_world
    leader = professional_in(world.school, role=MembershipRole.LEADER)
    for _round in range(3):
        case.refresh_from_db()
        if case.status != "open":
            break
        target = world.nurse if case.coordinator_id != world.nurse.pk else world.ppt_advisor
        service = target.memberships.first().service
        handover = services.handover_propose(
            case=case, proposed_by=case.coordinator.user, to_professional=target, to_service=service
        )
        _race(
            [
                lambda h=handover, t=target: services.handover_accept(
                    handover=h, accepted_by=t.user
                ),
                lambda h=handover, t=target: services.handover_reject(
                    handover=h, rejected_by=t.user, reason="Nei takk."
                ),
                lambda: services.case_close(case=case, closed_by=leader.user, reason="Ferdig."),
            ]
        )
        handover.refresh_from_db()
        assert handover.status in {HandoverStatus.ACCEPTED, HandoverStatus.REJECTED}
        _assert_invariant(case)


def test_the_database_itself_refuses_two_pending_handovers_without_the_lock(racing_world):
    # Belt and braces: even code that forgot the row lock cannot create a second pending one.
    world, case, nurses = racing_world
    outcomes = _race(
        [
            (
                lambda r=r: Handover.objects.create(
                    case=case,
                    proposed_by=world.teacher,
                    from_professional=world.teacher,
                    to_professional=r,
                    to_service=world.health,
                    proposed_at=case.opened_at,
                )
            )
            for r in nurses
        ]
    )
    assert sum(isinstance(o, Handover) for o in outcomes) == 1, outcomes
    assert connection.vendor in {"postgresql", "sqlite"}
