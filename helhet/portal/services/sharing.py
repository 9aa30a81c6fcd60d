"""The young person, from the consent age, decides what their guardians see (domain rule 10)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access.policy.portal import PORTAL_SECTIONS, PortalCaseAccess
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.portal.models import GuardianSharing
from helhet.portal.services.audit import audit_portal


@transaction.atomic
def guardian_sharing_set(*, access: PortalCaseAccess, sections: set[str]) -> GuardianSharing:
    if not access.sharing:
        raise DomainError(_("Only the young person decides this."))
    unknown = sections - set(PORTAL_SECTIONS)
    if unknown:
        raise DomainError(_("Choose from the list."), field="sections")
    sharing, _created = GuardianSharing.objects.select_for_update().update_or_create(
        case=access.case,
        defaults={
            **{section: section in sections for section in PORTAL_SECTIONS},
            "decided_at": clock.now(),
        },
    )
    audit_portal(access, "portal.sharing", obj=sharing, purpose=",".join(sorted(sections)))
    return sharing
