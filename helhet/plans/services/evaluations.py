"""Evaluation of the plan: when it is due, and what worked, what did not and what next, with a
0–10 scale from the child or family and from the team, and the child's own words."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from helhet.cases.log_text import LogLines, LogText, date, msgid
from helhet.cases.models import Case, LogKind
from helhet.cases.services.common import lock_case, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LONG_TEXT, SHORT_TEXT, check_text
from helhet.plans.models import Evaluation, Plan
from helhet.plans.services.common import plan_changed, plan_of


def check_child_voice(child_voice: str, child_not_asked_reason: str) -> None:
    if not child_voice.strip() and not child_not_asked_reason.strip():
        raise DomainError(
            _("Write what the child says, or why the child was not asked."), field="child_voice"
        )
    check_text(child_voice, limit=LONG_TEXT, field="child_voice")
    check_text(child_not_asked_reason, limit=SHORT_TEXT, field="child_not_asked_reason")


def _scale(value: int | None, *, field: str, required: bool) -> None:
    if value is None:
        if required:
            raise DomainError(_("Choose a number from 0 to 10."), field=field)
        return
    if not 0 <= value <= 10:
        raise DomainError(_("Choose a number from 0 to 10."), field=field)


@transaction.atomic
def evaluation_schedule(
    *, case: Case, scheduled_by, due: datetime.date, expected_version: int | None = None
) -> Plan:
    professional = professional_or_error(scheduled_by)
    case = lock_case(case, expected_version=expected_version)
    if due < clock.today():
        raise DomainError(_("The evaluation date cannot be in the past."), field="due")
    plan = plan_of(case)
    plan.evaluation_due = due
    plan.save(update_fields=["evaluation_due"])
    plan_changed(
        case,
        plan,
        actor=scheduled_by,
        professional=professional,
        change="evaluation.schedule",
        obj=plan,
        text=LogText(gettext_noop("The plan will be evaluated by %(date)s."), {"date": date(due)}),
    )
    return plan


# What a person writes in an evaluation (the interfaces pass them on as they parsed them).
EVALUATION_FIELDS = (
    "evaluated_on",
    "worked",
    "did_not_work",
    "next_steps",
    "child_scale",
    "team_scale",
    "child_voice",
    "child_not_asked_reason",
    "is_final",
    "next_evaluation_due",
)


@transaction.atomic
def evaluation_record(
    *,
    case: Case,
    recorded_by,
    evaluated_on: datetime.date,
    worked: str,
    did_not_work: str,
    next_steps: str,
    team_scale: int | None,
    child_scale: int | None = None,
    child_voice: str = "",
    child_not_asked_reason: str = "",
    is_final: bool = False,
    next_evaluation_due: datetime.date | None = None,
    expected_version: int | None = None,
) -> Evaluation:
    professional = professional_or_error(recorded_by)
    case = lock_case(case, expected_version=expected_version)
    plan = plan_of(case)
    if not plan.goals.exists():
        raise DomainError(_("There is nothing to evaluate yet: the plan has no goals."))
    today = clock.today()
    if evaluated_on > today:
        raise DomainError(_("An evaluation cannot be dated in the future."), field="evaluated_on")
    for field, value in (
        ("worked", worked),
        ("did_not_work", did_not_work),
        ("next_steps", next_steps),
    ):
        if not value.strip():
            raise DomainError(_("This part of the evaluation is required."), field=field)
        check_text(value, limit=LONG_TEXT, field=field)
    _scale(team_scale, field="team_scale", required=True)
    _scale(child_scale, field="child_scale", required=False)
    check_child_voice(child_voice, child_not_asked_reason)
    if is_final and next_evaluation_due is not None:
        raise DomainError(
            _("A final evaluation has no next evaluation date."), field="next_evaluation_due"
        )
    if next_evaluation_due is not None and next_evaluation_due <= today:
        raise DomainError(
            _("The next evaluation must be after today."), field="next_evaluation_due"
        )
    evaluation = Evaluation.objects.create(
        plan=plan,
        evaluated_on=evaluated_on,
        due_on=plan.evaluation_due,
        worked=worked.strip(),
        did_not_work=did_not_work.strip(),
        next_steps=next_steps.strip(),
        child_scale=child_scale,
        team_scale=team_scale,
        child_voice=child_voice.strip(),
        child_not_asked_reason=child_not_asked_reason.strip(),
        is_final=is_final,
        recorded_at=clock.now(),
        recorded_by=professional,
    )
    plan.evaluation_due = next_evaluation_due
    plan.save(update_fields=["evaluation_due"])
    heading = gettext_noop("Final evaluation") if is_final else gettext_noop("Evaluation")
    plan_changed(
        case,
        plan,
        actor=recorded_by,
        professional=professional,
        change="evaluation.record",
        obj=evaluation,
        kind=LogKind.EVALUATION,
        text=LogLines(
            [
                LogText(
                    "%(heading)s (%(date)s)",
                    {"heading": msgid(heading), "date": date(evaluated_on)},
                ),
                LogText(gettext_noop("What worked: %(text)s"), {"text": evaluation.worked}),
                LogText(
                    gettext_noop("What did not work: %(text)s"), {"text": evaluation.did_not_work}
                ),
                LogText(gettext_noop("What next: %(text)s"), {"text": evaluation.next_steps}),
            ]
        ),
    )
    return evaluation
