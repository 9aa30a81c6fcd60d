"""The team around the child: only services covered by consent (or a lawful basis) take part."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from helhet.cases.log_text import LogText
from helhet.cases.models import Case, LogKind, TeamMember
from helhet.cases.services.common import audit_case, bump, lock_case, log, professional_or_error
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import LINE, ROLE, check_text
from helhet.directory.models import Service
from helhet.people.models import Professional
from helhet.plans.rules import ongoing_measures_of


def require_covered(case: Case, service: Service) -> None:
    from helhet.access.policy import covered_service_ids

    if service.pk not in covered_service_ids(case):
        raise DomainError(
            _(
                "%(service)s is not covered by consent or a lawful basis for this case. "
                "Record consent for the service first."
            )
            % {"service": service.name},
            field="service",
        )


@transaction.atomic
def team_member_add(
    *,
    case: Case,
    added_by,
    professional: Professional,
    service: Service,
    role_in_case: str = "",
    expected_version: int | None = None,
) -> TeamMember:
    author = professional_or_error(added_by)
    check_text(role_in_case, limit=ROLE, field="role_in_case")
    case = lock_case(case, expected_version=expected_version)
    if professional.municipality_id != case.municipality_id or not professional.user.is_active:
        raise DomainError(
            _("Choose an active professional in the municipality."), field="professional"
        )
    if not professional.memberships.filter(service=service).exists():
        raise DomainError(
            _("%(name)s does not work in %(service)s.")
            % {"name": professional, "service": service.name},
            field="service",
        )
    require_covered(case, service)
    if case.team.filter(professional=professional, left_at__isnull=True).exists():
        raise DomainError(_("%(name)s is already on the team.") % {"name": professional})
    member = TeamMember.objects.create(
        case=case,
        professional=professional,
        service=service,
        role_in_case=role_in_case.strip(),
        joined_at=clock.now(),
    )
    bump(case)
    log(
        case,
        kind=LogKind.TEAM_CHANGE,
        author=author,
        text=LogText(
            gettext_noop("%(name)s (%(service)s) joined the team."),
            {"name": str(professional), "service": service.name},
        ),
    )
    audit_case(added_by, case, "case.team_add", obj=member)
    return member


@transaction.atomic
def team_member_remove(
    *, member: TeamMember, removed_by, reason: str, expected_version: int | None = None
) -> TeamMember:
    author = professional_or_error(removed_by)
    check_text(reason, limit=LINE, field="reason")
    case = lock_case(member.case, expected_version=expected_version)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.left_at is not None:
        raise DomainError(_("%(name)s has already left the team.") % {"name": member.professional})
    if member.professional_id == case.coordinator_id:
        raise DomainError(_("The coordinator cannot leave the team; hand over the role first."))
    ongoing = ongoing_measures_of(case, member.professional)
    if ongoing:
        raise DomainError(
            ngettext(
                "%(name)s is responsible for %(count)s ongoing measure in the plan. Give it to "
                "someone else on the team, or end it, first.",
                "%(name)s is responsible for %(count)s ongoing measures in the plan. Give them "
                "to someone else on the team, or end them, first.",
                ongoing,
            )
            % {"name": member.professional, "count": ongoing}
        )
    member.left_at = clock.now()
    member.left_reason = reason.strip()
    member.save(update_fields=["left_at", "left_reason"])
    bump(case)
    log(
        case,
        kind=LogKind.TEAM_CHANGE,
        author=author,
        text=LogText(
            gettext_noop("%(name)s left the team. %(reason)s"),
            {"name": str(member.professional), "reason": reason.strip()},
        ),
    )
    audit_case(removed_by, case, "case.team_remove", obj=member)
    return member
