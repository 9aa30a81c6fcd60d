"""Steps shared by the plan services."""

from __future__ import annotations

from django.utils.translation import gettext as _

from helhet.access import policy
from helhet.cases.log_text import LogLines, LogText
from helhet.cases.models import Case, LogKind, TeamMember
from helhet.cases.services.common import audit_case, bump, log
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.directory.models import Service
from helhet.people.models import Professional
from helhet.plans import document
from helhet.plans.models import Plan, PlanSnapshot
from helhet.reminders.services import tasks_refresh


def plan_of(case: Case) -> Plan:
    """The case's plan, created with the first goal or evaluation date."""
    plan = Plan.objects.filter(case=case).first()
    if plan is None:
        plan = Plan.objects.create(case=case, created_at=clock.now())
    return plan


def snapshot(plan: Plan, *, taken_by: Professional, change: str) -> PlanSnapshot:
    """Store the whole plan as it is now: the plan's history is the row list of these."""
    plan.refresh_from_db(fields=["evaluation_due"])
    return PlanSnapshot.objects.create(
        plan=plan,
        taken_at=clock.now(),
        taken_by=taken_by,
        change=change,
        document=document.build(plan),
    )


def covered_service_or_error(case: Case, service: Service, *, field: str) -> None:
    """A service takes part in the plan only when consent (or a lawful basis) covers it."""
    if service.municipality_id != case.municipality_id or not service.is_active:
        raise DomainError(_("Choose one of the municipality's services."), field=field)
    if service.pk not in policy.covered_service_ids(case):
        raise DomainError(
            _("%(service)s is not covered by consent for this case. Record consent for it first.")
            % {"service": service.name},
            field=field,
        )


def team_member_or_error(case: Case, professional: Professional, *, field: str) -> TeamMember:
    """Who answers for something in the plan must be on the team (and so see the case)."""
    member = (
        TeamMember.objects.filter(case=case, professional=professional, left_at__isnull=True)
        .select_related("service")
        .first()
    )
    if member is None:
        raise DomainError(
            _("%(name)s is not on the team. Add them to the team first.") % {"name": professional},
            field=field,
        )
    return member


def after_plan_change(case: Case) -> None:
    """Tasks that depend on the plan (evaluation due) follow the change at once."""
    tasks_refresh(case=case)


def plan_changed(
    case: Case,
    plan: Plan,
    *,
    actor,
    professional: Professional,
    change: str,
    obj,
    text: str | LogText | LogLines,
    kind: str = LogKind.PLAN,
) -> None:
    """What every change to the plan leaves behind, in the caller's transaction: the case's new
    version, a log entry, the access-log event ``plan.<change>``, a history snapshot, and the
    tasks that depend on the plan."""
    bump(case)
    log(case, kind=kind, author=professional, text=text)
    audit_case(actor, case, f"plan.{change}", obj=obj)
    snapshot(plan, taken_by=professional, change=change)
    after_plan_change(case)


def values_of(source, names: tuple[str, ...]) -> dict:
    """The named values of a model instance or of validated input, as service arguments; the
    interfaces pass what they parsed without spelling every field out again."""
    if isinstance(source, dict):
        return {name: source[name] for name in names}
    return {name: getattr(source, name) for name in names}
