"""*My work*: everything waiting for the signed-in professional, on one page.

Built from the policy's querysets, with a fixed number of queries however many concerns and
cases there are, and one access-log event per page view (the page lists children's names).
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404

from helhet.access import policy
from helhet.audit.services import audit_record
from helhet.cases.models import (
    Case,
    CaseStatus,
    Concern,
    ConcernStatus,
    Handover,
)
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.people.models import MembershipRole, Professional
from helhet.reminders.models import Task


@dataclasses.dataclass(frozen=True)
class MyWork:
    professional: Professional
    today: datetime.date
    concerns_to_decide: list[Concern]
    coordinating: list[Case]
    taking_part: list[Case]
    handovers: list[Handover]
    tasks: list[Task]
    in_child_welfare: bool
    reports: list[Concern]
    # Where the professional's other work lives: the school's absence signals, the follow-up
    # service's register, wellbeing screening in a school or kindergarten (links only, read
    # from the memberships already loaded).
    at_school: bool = False
    in_follow_up: bool = False
    screens: bool = False
    sees_indicators: bool = False

    @property
    def overdue_tasks(self) -> int:
        return sum(1 for t in self.tasks if t.due_on < self.today)

    @property
    def overdue_count(self) -> int:
        return sum(1 for c in self.concerns_to_decide if c.decision_due < self.today)


def my_work(*, fetched_by) -> MyWork:
    professional = policy.actor_professional(fetched_by)
    if professional is None:
        raise Http404
    today = clock.today()
    with transaction.atomic():
        memberships = list(professional.memberships.select_related("service"))
        in_child_welfare = any(m.service.sector == Sector.CHILD_WELFARE for m in memberships)
        concerns = list(
            policy.concerns_decidable_by(fetched_by)
            .select_related("child", "service", "registered_by__user")
            .order_by("decision_due", "pk")
        )
        cases = list(
            policy.cases_visible_to(fetched_by)
            .filter(status=CaseStatus.OPEN)
            .select_related("child", "level", "coordinator__user", "coordinator_service")
            .order_by("child__family_name", "child__given_name", "pk")
        )
        handovers = list(
            policy.handovers_awaiting(fetched_by)
            .select_related("case__child", "from_professional__user", "to_service")
            .order_by("proposed_at", "pk")
        )
        # A handover task links to the answer page of the handover waiting for the actor.
        awaiting = policy.handovers_awaiting(fetched_by).filter(case_id=OuterRef("case_id"))
        tasks = list(
            policy.tasks_visible_to(fetched_by)
            .select_related(
                "case__child",
                "concern__child",
                "pathway_step__pathway__signal__child",
                "pathway_step__pathway__concern__child",
                "pathway_step__pathway__case__child",
                "pathway_step__pathway__template",
                "follow_up__child",
            )
            .annotate(handover_pk=Subquery(awaiting.values("pk")[:1]))
            .order_by("due_on", "pk")
        )
        reports: list[Concern] = []
        if in_child_welfare:
            reports = list(
                policy.concerns_visible_to(fetched_by)
                .filter(status=ConcernStatus.REPORTED)
                .select_related("child", "service", "decided_by__user")
                .order_by("-decided_at", "-pk")
            )
        audit_record(
            actor=fetched_by,
            action="work.read",
            purpose="my work",
            municipality_id=professional.municipality_id,
        )
    return MyWork(
        professional=professional,
        today=today,
        concerns_to_decide=concerns,
        coordinating=[c for c in cases if c.coordinator_id == professional.pk],
        taking_part=[c for c in cases if c.coordinator_id != professional.pk],
        handovers=handovers,
        tasks=tasks,
        in_child_welfare=in_child_welfare,
        reports=reports,
        at_school=any(m.service.sector == Sector.SCHOOL for m in memberships),
        in_follow_up=any(m.service.sector == Sector.FOLLOW_UP for m in memberships),
        screens=any(m.service.sector in policy.SCREENING_SECTORS for m in memberships),
        sees_indicators=professional.is_leader_group
        or professional.is_data_protection_officer
        or any(m.role == MembershipRole.LEADER for m in memberships),
    )
