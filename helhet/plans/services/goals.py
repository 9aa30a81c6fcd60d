"""Goals of the plan: in the child's or young person's own words where possible, each linked to
a life area of the municipality's wellbeing framework and answered for by one service."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogText, choice, msgid
from helhet.cases.models import Case
from helhet.cases.services.common import lock_case, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import TEXT, check_text
from helhet.directory.models import Service
from helhet.plans.models import Goal, GoalStatus, WhoseWords
from helhet.plans.services.common import (
    covered_service_or_error,
    plan_changed,
    plan_of,
)
from helhet.tenancy.models import LifeArea
from helhet.tenancy.selectors import life_areas_of

# What a person writes about a goal (``goal_add``); ``goal_change`` also takes the status.
GOAL_FIELDS = ("life_area", "text", "whose_words", "responsible_service")
GOAL_CHANGE_FIELDS = (*GOAL_FIELDS, "status")


def _check(case: Case, *, life_area: LifeArea, text: str, whose_words: str, service) -> None:
    if not text.strip():
        raise DomainError(_("Write the goal."), field="text")
    check_text(text, limit=TEXT, field="text")
    if whose_words not in WhoseWords.values:
        raise DomainError(_("Choose whose words the goal is in."), field="whose_words")
    if not life_areas_of(case.municipality).filter(pk=life_area.pk).exists():
        raise DomainError(_("Choose one of the municipality's life areas."), field="life_area")
    if service is None:
        raise DomainError(_("Choose the service responsible for the goal."), field="service")
    covered_service_or_error(case, service, field="responsible_service")


@transaction.atomic
def goal_add(
    *,
    case: Case,
    added_by,
    life_area: LifeArea,
    text: str,
    whose_words: str,
    responsible_service: Service | None,
    expected_version: int | None = None,
) -> Goal:
    professional = professional_or_error(added_by)
    case = lock_case(case, expected_version=expected_version)
    _check(
        case, life_area=life_area, text=text, whose_words=whose_words, service=responsible_service
    )
    plan = plan_of(case)
    goal = Goal.objects.create(
        plan=plan,
        life_area=life_area,
        text=text.strip(),
        whose_words=whose_words,
        responsible_service=responsible_service,
        created_at=clock.now(),
        created_by=professional,
    )
    plan_changed(
        case,
        plan,
        actor=added_by,
        professional=professional,
        change="goal.add",
        obj=goal,
        text=LogText(
            gettext_noop("New goal (%(area)s): %(text)s"),
            {"area": msgid(life_area.name), "text": goal.text},
        ),
    )
    return goal


@transaction.atomic
def goal_change(
    *,
    goal: Goal,
    changed_by,
    life_area: LifeArea,
    text: str,
    whose_words: str,
    responsible_service: Service | None,
    status: str,
    expected_version: int | None = None,
) -> Goal:
    professional = professional_or_error(changed_by)
    case = lock_case(goal.plan.case, expected_version=expected_version)
    _check(
        case, life_area=life_area, text=text, whose_words=whose_words, service=responsible_service
    )
    if status not in GoalStatus.values:
        raise DomainError(_("Choose the goal's status."), field="status")
    old_status = goal.status
    goal.life_area = life_area
    goal.text = text.strip()
    goal.whose_words = whose_words
    goal.responsible_service = responsible_service
    goal.status = status
    goal.save()
    if status != old_status:
        text_ = LogText(
            gettext_noop("Goal %(status)s: %(text)s"),
            {"status": choice(GoalStatus, status, lower=True), "text": goal.text},
        )
    else:
        text_ = LogText(gettext_noop("Goal changed: %(text)s"), {"text": goal.text})
    plan_changed(
        case,
        goal.plan,
        actor=changed_by,
        professional=professional,
        change="goal.change",
        obj=goal,
        text=text_,
    )
    return goal
