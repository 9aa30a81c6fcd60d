"""Writes of municipal administration: invite, accept, memberships and roles, deactivate and
reactivate, the jurisdiction profile. Every write is checked here (the municipal administrator,
their own municipality) and recorded in the access log in the same transaction."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from helhet.access import policy
from helhet.administration.models import Invitation, ProfileChange
from helhet.audit.services import audit_record
from helhet.cases.models import (
    Case,
    CaseStatus,
    Concern,
    ConcernStatus,
    Handover,
    HandoverStatus,
    TeamMember,
)
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.core.text import check_model_texts
from helhet.directory.models import Service
from helhet.people.models import Membership, MembershipRole, Professional, User
from helhet.plans.models import ONGOING_MEASURE, Measure
from helhet.reminders.models import MANUAL_KINDS, Task
from helhet.tenancy.models import Municipality

logger = logging.getLogger(__name__)

ROLE = "municipal administrator"
PROFILE_FIELDS = (
    "level_model",
    "wellbeing_framework",
    "consent_age",
    "joint_consent_until_age",
    "guardian_consent_grace_days",
    "portal_age",
    "concern_decision_days",
    "handover_reminder_days",
    "default_language",
    "concern_retention_days",
    "case_archive_days",
    "case_deletion_days",
    "record_deletion_days",
)


def _record(actor, action: str, municipality_id: int, obj=None, purpose: str = "") -> None:
    audit_record(
        actor=actor,
        action=action,
        actor_role=ROLE,
        purpose=purpose,
        municipality_id=municipality_id,
        obj=obj,
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _service_of(admin: Professional, service_pk: int) -> Service:
    service = Service.objects.filter(
        pk=service_pk, municipality_id=admin.municipality_id, is_active=True
    ).first()
    if service is None:
        raise DomainError(_("Choose an active service of the municipality."), field="service")
    return service


def _role(role: str) -> str:
    if role not in MembershipRole.values:
        raise DomainError(_("Choose staff or service leader."), field="role")
    return role


# --- invitations -------------------------------------------------------------------------------


def has_accepted(professional: Professional) -> bool:
    """They have come in once: a password of their own, or an invitation accepted (through the
    municipality's single sign-on no password is ever set)."""
    return (
        professional.user.has_usable_password()
        or professional.invitations.filter(accepted_at__isnull=False).exists()
    )


def _send_invitation(email: str, municipality: Municipality, token: str) -> None:
    """The mail names no one: the municipality, the link and how long it is valid."""
    link = settings.HELHET_BASE_URL + reverse("administration:accept", args=[token])
    with override(municipality.default_language):
        subject = _("You are invited to Helhet")
        body = _(
            "%(municipality)s has invited you to Helhet, where the services for children and "
            "young people work together.\n\nOpen this link to choose your password and set up "
            "your login: %(link)s\n\nThe link works once and for %(days)s days."
        ) % {
            "municipality": municipality.name,
            "link": link,
            "days": settings.HELHET_INVITATION_DAYS,
        }
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False)
    except Exception:  # the invitation stands; the administrator can send it again
        logger.warning("invitation e-mail failed for municipality=%s", municipality.pk)


def _new_invitation(admin: Professional, professional: Professional) -> Invitation:
    now = clock.now()
    Invitation.objects.filter(
        professional=professional, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        professional=professional,
        token_hash=_token_hash(token),
        invited_by=admin,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.HELHET_INVITATION_DAYS),
    )
    email, municipality = professional.user.email, professional.municipality
    transaction.on_commit(lambda: _send_invitation(email, municipality, token))
    return invitation


@transaction.atomic
def professional_invite(
    *,
    invited_by,
    email: str,
    name: str,
    service_pk: int,
    role: str = MembershipRole.STAFF,
    title: str = "",
) -> Professional:
    """A new professional of the administrator's municipality, not yet able to log in, with one
    membership, and an invitation e-mailed to them."""
    admin = policy.administrator_or_404(invited_by)
    email = User.objects.normalize_email(email.strip()).lower()
    if not email:
        raise DomainError(_("Write the e-mail address."), field="email")
    if not name.strip():
        raise DomainError(_("Write the name."), field="name")
    check_model_texts(User, {"name": name})
    check_model_texts(Professional, {"title": title})
    service = _service_of(admin, service_pk)
    role = _role(role)
    existing = User.objects.filter(email__iexact=email).select_related("professional").first()
    if existing is not None:
        own = getattr(existing, "professional", None)
        if own is not None and own.municipality_id == admin.municipality_id:
            raise DomainError(
                _("%(email)s already works here: find them in the list.") % {"email": email},
                field="email",
            )
        # Another municipality's, or an operator's: say no more than that it cannot be used.
        raise DomainError(
            _("This address cannot be invited. Ask the operator of Helhet."), field="email"
        )
    user = User.objects.create_user(email=email, password=None, name=name.strip())
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["password", "is_active"])
    professional = Professional.objects.create(
        user=user, municipality_id=admin.municipality_id, title=title.strip()
    )
    Membership.objects.create(professional=professional, service=service, role=role)
    _new_invitation(admin, professional)
    _record(invited_by, "administration.invite", admin.municipality_id, professional)
    return professional


@transaction.atomic
def invitation_resend(*, sent_by, professional_pk: int) -> None:
    """A new link (the earlier one stops working) to someone who has not accepted yet."""
    admin = policy.administrator_or_404(sent_by)
    professional = policy.get_administered_professional_or_404(sent_by, professional_pk)
    if has_accepted(professional):
        raise DomainError(_("%(name)s has accepted already.") % {"name": professional})
    _new_invitation(admin, professional)
    _record(sent_by, "administration.invite", admin.municipality_id, professional, "again")


def invitation_for(token: str) -> Invitation | None:
    """The invitation the link names while it can be accepted; None otherwise (used, withdrawn,
    expired or unknown look the same)."""
    invitation = (
        Invitation.objects.select_related("professional__user", "professional__municipality")
        .filter(token_hash=_token_hash(token), accepted_at__isnull=True, withdrawn_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at <= clock.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the password and open the account; the second factor is set up at the first login.
    A link works once."""
    invitation = invitation_for(token)
    if invitation is None:
        raise DomainError(_("This link is used, expired or withdrawn. Ask for a new one."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted in a parallel request
        raise DomainError(_("This link is used, expired or withdrawn. Ask for a new one."))
    user = invitation.professional.user
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="administration.invitation.accept",
        municipality_id=invitation.professional.municipality_id,
        obj=invitation.professional,
    )
    return user


# --- memberships and roles -----------------------------------------------------------------------


@transaction.atomic
def membership_set(*, changed_by, professional_pk: int, service_pk: int, role: str) -> Membership:
    """Add the professional to a service of the municipality, or change their role there."""
    admin = policy.administrator_or_404(changed_by)
    professional = policy.get_administered_professional_or_404(changed_by, professional_pk)
    service = _service_of(admin, service_pk)
    membership, _created = Membership.objects.update_or_create(
        professional=professional, service=service, defaults={"role": _role(role)}
    )
    _record(changed_by, "administration.membership", admin.municipality_id, membership, role)
    return membership


@transaction.atomic
def membership_end(*, changed_by, professional_pk: int, service_pk: int) -> None:
    """Take the professional out of a service (to move them: add the new one, end the old)."""
    admin = policy.administrator_or_404(changed_by)
    professional = policy.get_administered_professional_or_404(changed_by, professional_pk)
    membership = Membership.objects.filter(professional=professional, service_id=service_pk).first()
    if membership is None:
        raise DomainError(_("%(name)s does not work there.") % {"name": professional})
    if professional.memberships.count() == 1 and professional.user.is_active:
        raise DomainError(
            _("This is %(name)s's only service: add the new one first.") % {"name": professional}
        )
    _record(changed_by, "administration.membership", admin.municipality_id, membership, "ended")
    membership.delete()


@transaction.atomic
def roles_set(
    *,
    changed_by,
    professional_pk: int,
    is_municipal_admin: bool,
    is_data_protection_officer: bool,
    is_leader_group: bool,
) -> Professional:
    admin = policy.administrator_or_404(changed_by)
    professional = policy.get_administered_professional_or_404(changed_by, professional_pk)
    if professional.pk == admin.pk and not is_municipal_admin:
        raise DomainError(
            _("You cannot take away your own administrator role: ask another administrator.")
        )
    professional.is_municipal_admin = is_municipal_admin
    professional.is_data_protection_officer = is_data_protection_officer
    professional.is_leader_group = is_leader_group
    professional.save(
        update_fields=["is_municipal_admin", "is_data_protection_officer", "is_leader_group"]
    )
    roles = ",".join(
        name
        for name, on in (
            ("admin", is_municipal_admin),
            ("dpo", is_data_protection_officer),
            ("leader_group", is_leader_group),
        )
        if on
    )
    _record(changed_by, "administration.roles", admin.municipality_id, professional, roles)
    return professional


# --- leaving and coming back ---------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Holdings:
    """What a professional answers for that must pass to someone else before they leave; ids
    only (the administrator sees no child)."""

    cases: list[int]  # open cases they coordinate
    measures: int  # planned or running measures they are responsible for
    handovers: list[int]  # cases whose handover waits for their answer
    concerns: list[int]  # concerns they wrote that wait for a decision (theirs or a leader's)

    @property
    def any(self) -> bool:
        return bool(self.cases or self.measures or self.handovers or self.concerns)


def holdings_of(professional: Professional) -> Holdings:
    return Holdings(
        cases=list(
            Case.objects.filter(coordinator=professional, status=CaseStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        measures=Measure.objects.filter(
            responsible=professional,
            status__in=ONGOING_MEASURE,
            goal__plan__case__status=CaseStatus.OPEN,
        ).count(),
        handovers=list(
            Handover.objects.filter(to_professional=professional, status=HandoverStatus.PENDING)
            .order_by("case_id")
            .values_list("case_id", flat=True)
        ),
        concerns=list(
            Concern.objects.filter(registered_by=professional, status=ConcernStatus.OPEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    )


@transaction.atomic
def professional_deactivate(*, deactivated_by, professional_pk: int) -> Professional:
    """End someone's access at once — refused while they still coordinate a case, answer for a
    measure or have a handover to answer. Their team memberships end; their services stay on
    record for a reactivation."""
    admin = policy.administrator_or_404(deactivated_by)
    professional = policy.get_administered_professional_or_404(deactivated_by, professional_pk)
    if professional.pk == admin.pk:
        raise DomainError(_("You cannot deactivate yourself."))
    user = User.objects.select_for_update().get(pk=professional.user_id)
    if not user.is_active:
        raise DomainError(_("%(name)s is not active.") % {"name": professional})
    holdings = holdings_of(professional)
    if holdings.any:
        raise DomainError(
            _("%(name)s still answers for work that must be handed over first: see the list below.")
            % {"name": professional}
        )
    now = clock.now()
    TeamMember.objects.filter(professional=professional, left_at__isnull=True).update(
        left_at=now, left_reason=_("No longer works in the municipality")[:200]
    )
    # What a meeting decided they would do, or a family's withdrawal they were told of, goes to
    # the case's coordinator (who took the cases over before this); the scheduler's own tasks
    # follow the new coordinator by themselves.
    for task in Task.objects.filter(
        assignee=professional,
        done_at__isnull=True,
        kind__in=MANUAL_KINDS,
        case__coordinator__isnull=False,
    ).select_related("case"):
        Task.objects.filter(pk=task.pk).update(assignee_id=task.case.coordinator_id)
    Invitation.objects.filter(
        professional=professional, accepted_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(deactivated_by, "administration.deactivate", admin.municipality_id, professional)
    return professional


@transaction.atomic
def professional_reactivate(*, reactivated_by, professional_pk: int) -> Professional:
    """Give access back (someone who returns): their services are as they were; cases they were
    on must add them to the team again."""
    admin = policy.administrator_or_404(reactivated_by)
    professional = policy.get_administered_professional_or_404(reactivated_by, professional_pk)
    user = User.objects.select_for_update().get(pk=professional.user_id)
    if user.is_active:
        raise DomainError(_("%(name)s is active already.") % {"name": professional})
    if not has_accepted(professional):
        raise DomainError(
            _("%(name)s has not accepted the invitation: send it again.") % {"name": professional}
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(reactivated_by, "administration.reactivate", admin.municipality_id, professional)
    return professional


# --- the jurisdiction profile --------------------------------------------------------------------


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def profile_update(*, changed_by, values: dict) -> ProfileChange | None:
    """Change the municipality's jurisdiction profile; the model's own rules check each value,
    all or nothing. Records what changed, from what to what. None: nothing changed."""
    admin = policy.administrator_or_404(changed_by)
    unknown = sorted(set(values) - set(PROFILE_FIELDS))
    if unknown:
        raise ValueError(f"Not a profile field: {unknown[0]}")
    municipality = Municipality.objects.select_for_update().get(pk=admin.municipality_id)
    changes = {}
    for name, value in values.items():
        before = _plain(getattr(municipality, name))
        if before != _plain(value):
            changes[name] = [before, _plain(value)]
            setattr(municipality, name, value)
    if not changes:
        return None
    if municipality.joint_consent_until_age is not None and (
        municipality.joint_consent_until_age < municipality.consent_age
    ):
        raise DomainError(
            _("The guardians' joint consent cannot end before the consent age."),
            field="joint_consent_until_age",
        )
    if municipality.case_deletion_days <= municipality.case_archive_days:
        raise DomainError(
            _("A closed case must be kept longer than until it is archived."),
            field="case_deletion_days",
        )
    try:
        municipality.full_clean(exclude=["name", "country"])
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=name) from None
    municipality.save(update_fields=list(changes))
    change = ProfileChange.objects.create(
        municipality=municipality, changed_by=admin, changed_at=clock.now(), changes=changes
    )
    _record(changed_by, "administration.profile", municipality.pk, change, ",".join(changes))
    return change
