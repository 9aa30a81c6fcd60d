"""A copy of everything Helhet holds about the child, for the family (GDPR art. 15).

The same sections as the portal shows this citizen (a guardian of a young person at the consent
age gets only what the young person shares); never a protected address and never the other
guardians' contact details. As JSON and as a PDF; the download itself is recorded.
"""

from __future__ import annotations

from django.db import transaction

from helhet.access.policy.portal import PortalCaseAccess
from helhet.audit.labels import what_was_done, who
from helhet.audit.selectors import events_about_case
from helhet.cases.models import TeamMember
from helhet.consent.models import Consent
from helhet.core import clock
from helhet.people.models import NetworkPerson
from helhet.plans import document
from helhet.plans.models import Meeting, MeetingStatus, Plan
from helhet.portal.models import FamilyInput, HelpRequest
from helhet.portal.selectors import visible_log
from helhet.portal.services.audit import audit_portal
from helhet.portal.session import Citizen

COPY_VERSION = 1


def _iso(value):
    return value.isoformat() if value is not None else None


def _person(person: NetworkPerson, *, own: bool) -> dict:
    data = {"name": person.name, "relation": person.relation}
    if own:  # the citizen's own contact details; a protected address is never written out
        data.update(
            phone=person.phone,
            email=person.email,
            address="" if person.address_protected else person.address,
            preferred_language=person.preferred_language,
        )
    return data


def family_copy(*, citizen: Citizen, access: PortalCaseAccess) -> dict:
    case, child = access.case, access.child
    with transaction.atomic():
        own_id = access.network_person.pk if access.network_person else None
        network = NetworkPerson.objects.filter(child=child, portal_restriction="").order_by("pk")
        data: dict = {
            "version": COPY_VERSION,
            "made_at": _iso(clock.now()),
            "child": {
                "given_name": child.given_name,
                "family_name": child.family_name,
                "date_of_birth": _iso(child.date_of_birth),
                "national_id": child.national_id or "",
            },
            "you": {"role": access.role},
            "guardians_and_network": [_person(p, own=p.pk == own_id) for p in network],
            "case": {
                "id": case.pk,
                "municipality": case.municipality.name,
                "status": case.status,
                "level": case.level.name,
                "opened_at": _iso(case.opened_at),
                "closed_at": _iso(case.closed_at),
            },
        }
        if access.overview:
            data["case"]["coordinator"] = str(case.coordinator) if case.coordinator else ""
            data["case"]["coordinator_service"] = (
                case.coordinator_service.name if case.coordinator_service else ""
            )
            data["team"] = [
                {
                    "name": str(m.professional),
                    "service": m.service.name,
                    "joined_at": _iso(m.joined_at),
                    "left_at": _iso(m.left_at),
                }
                for m in TeamMember.objects.filter(case=case)
                .select_related("professional__user", "service")
                .order_by("joined_at", "pk")
            ]
            data["consents"] = [
                {
                    "given_by": c.given_by,
                    "services": sorted(s.name for s in c.services.all()),
                    "purpose": c.purpose,
                    "valid_from": _iso(c.valid_from),
                    "valid_until": _iso(c.valid_until),
                    "method": c.method,
                    "withdrawn_at": _iso(c.withdrawn_at),
                }
                for c in Consent.objects.filter(case=case).prefetch_related("services")
            ]
        if access.plan:
            data["plan"] = document.build(Plan.objects.filter(case=case).first())
        if access.meetings:
            data["meetings"] = [
                {
                    "starts_at": _iso(m.starts_at),
                    "duration_minutes": m.duration_minutes,
                    "place": m.place,
                    "video_link": m.video_link,
                    "agenda": m.agenda,
                    "status": m.status,
                    "summary": m.summary if m.status == MeetingStatus.HELD else "",
                }
                for m in Meeting.objects.filter(case=case).order_by("starts_at", "pk")
            ]
        if access.log:
            entries = visible_log(access).select_related("author__user", "service")
            data["log"] = [
                {
                    "created_at": _iso(e.created_at),
                    "kind": e.kind,
                    "author": str(e.author) if e.author else e.citizen_role,
                    "service": e.service.name if e.service else "",
                    "text": e.display_text,
                    "strengths": e.strengths,
                    "worries": e.worries,
                }
                for e in entries.order_by("created_at", "pk")
            ]
        data["what_matters"] = [
            {
                "submitted_at": _iso(f.submitted_at),
                "from": f.role,
                "what_matters": f.what_matters,
                "scale": f.scale,
            }
            for f in FamilyInput.objects.filter(case=case, role=access.role)
        ]
        data["help_requests"] = [
            {
                "submitted_at": _iso(r.submitted_at),
                "need": r.need,
                "service": r.concern.service.name,
                "status": r.concern.status,
            }
            for r in HelpRequest.objects.filter(
                requester_key=citizen.key, child=child
            ).select_related("concern__service")
        ]
        audit_portal(access, "portal.copy")
        if access.overview:
            # Read after the copy's own event, so the copy shows that it was made.
            data["who_looked"] = [
                {
                    "at": _iso(e.occurred_at),
                    "who": who(e),
                    "service": e.service.name if e.service else "",
                    "what": what_was_done(e.action),
                }
                for e in events_about_case(case)
            ]
    return data
