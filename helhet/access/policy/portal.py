"""Citizens' rules: who sees what of a child's case in the family and youth portal (rule 10).

- A guardian with parental responsibility who takes part in the case (``Case.guardians``) sees
  it; for a young person at or above the municipality's consent age, only the sections the young
  person shares with the guardians (``GuardianSharing``) — nothing when none.
- The young person sees their own case from the municipality's portal age.
- A restricted guardian (court decision, protective measure, protected address) sees nothing of
  that child. Addresses and the other guardian's contact details are never shown in the portal
  (the templates and the family's copy have no such fields).
- The citizen is matched by the identity number the e-ID provider vouched for, in every
  municipality; a professional's login is a different session (``helhet.portal.session``).

``access_portal_case`` answers with a ``PortalCaseAccess`` (what was fetched to decide, and the
sections and actions offered); ``portal_cases_visible_to`` is the same rule as a queryset, and
the property tests prove the two agree.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from helhet.cases.models import Case, CaseStatus, CitizenRole
from helhet.core import clock
from helhet.people.models import Child, NetworkPerson
from helhet.tenancy.models import Municipality

PORTAL_SECTIONS = ("overview", "plan", "meetings", "log")


@dataclasses.dataclass(frozen=True)
class PortalCaseAccess:
    """One citizen's access to one case through the portal."""

    case: Case
    child: Child
    role: str  # CitizenRole
    network_person: NetworkPerson | None  # the guardian's own row; None for the young person
    age: int
    overview: bool
    plan: bool
    meetings: bool
    log: bool
    # Consent: the young person from the consent age; the guardians below it. Never both ways.
    consent: bool
    speak: bool  # write what matters before a meeting or an evaluation
    sharing: bool  # decide what the guardians see (the young person at the consent age)

    @property
    def citizen_ref(self) -> str:
        """Who acts, as an opaque id for the access log."""
        if self.network_person is not None:
            return f"network_person:{self.network_person.pk}"
        return f"child:{self.child.pk}"

    @property
    def is_open(self) -> bool:
        return self.case.status == CaseStatus.OPEN

    @property
    def sees_anything(self) -> bool:
        return any(getattr(self, s) for s in PORTAL_SECTIONS)

    @property
    def sees_withheld_entries(self) -> bool:
        """Entries withheld from the guardians (e.g. what the young person said in confidence)."""
        return self.role == CitizenRole.YOUNG_PERSON


def _guardian_rows(citizen) -> QuerySet[NetworkPerson]:
    return NetworkPerson.objects.filter(
        national_id=citizen.identity_number,
        has_parental_responsibility=True,
        portal_restriction="",
    )


def _restricted_child_ids(citizen) -> set[int]:
    return set(
        NetworkPerson.objects.filter(national_id=citizen.identity_number)
        .exclude(portal_restriction="")
        .values_list("child_id", flat=True)
    )


def _access(case: Case, *, role: str, person: NetworkPerson | None, today) -> PortalCaseAccess:
    child = case.child
    municipality = case.municipality
    age = clock.age_on(child.date_of_birth, today)
    at_consent_age = age >= municipality.consent_age
    if role == CitizenRole.YOUNG_PERSON:
        sections = dict.fromkeys(PORTAL_SECTIONS, True)
        consent = at_consent_age
        sharing = at_consent_age
    else:
        if at_consent_age:
            shared = getattr(case, "guardian_sharing", None)
            sections = {s: bool(shared and getattr(shared, s)) for s in PORTAL_SECTIONS}
        else:
            sections = dict.fromkeys(PORTAL_SECTIONS, True)
        consent = not at_consent_age
        sharing = False
    return PortalCaseAccess(
        case=case,
        child=child,
        role=role,
        network_person=person,
        age=age,
        consent=consent and sections["overview"],
        speak=any(sections.values()),
        sharing=sharing,
        **sections,
    )


def _cases_of(child_ids) -> QuerySet[Case]:
    # An archived case is kept for the archive only, not shown to the family (docs/retention.md).
    return Case.objects.filter(child_id__in=child_ids, archived_at__isnull=True).select_related(
        "child",
        "municipality",
        "level",
        "coordinator__user",
        "coordinator_service",
        "guardian_sharing",
    )


def portal_accesses(citizen, *, today: datetime.date | None = None) -> list[PortalCaseAccess]:
    """Every case the citizen may see something of, newest first."""
    if citizen is None:
        return []
    today = today or clock.today()
    restricted = _restricted_child_ids(citizen)
    found: dict[int, PortalCaseAccess] = {}
    guardian_rows = list(_guardian_rows(citizen).exclude(child_id__in=restricted))
    by_child = {row.child_id: row for row in guardian_rows}
    if by_child:
        cases = _cases_of(by_child).filter(guardians__in=guardian_rows).distinct()
        for case in cases:
            access = _access(
                case, role=CitizenRole.GUARDIAN, person=by_child[case.child_id], today=today
            )
            if access.sees_anything:
                found[case.pk] = access
    own = Child.objects.filter(national_id=citizen.identity_number).exclude(pk__in=restricted)
    for case in _cases_of(own.values("pk")):
        if clock.age_on(case.child.date_of_birth, today) >= case.municipality.portal_age:
            found[case.pk] = _access(case, role=CitizenRole.YOUNG_PERSON, person=None, today=today)
    return sorted(found.values(), key=lambda a: (a.case.opened_at, a.case.pk), reverse=True)


def access_portal_case(citizen, pk: int, *, section: str = "overview") -> PortalCaseAccess:
    """The citizen's access to case ``pk`` if they may see ``section`` of it; else 404
    (forbidden and missing look the same)."""
    if section not in (*PORTAL_SECTIONS, "consent", "speak", "sharing", "any"):
        raise ValueError(f"unknown portal section {section!r}")
    for access in portal_accesses(citizen):
        if access.case.pk == pk:
            if section == "any" and access.sees_anything:
                return access
            if section != "any" and getattr(access, section):
                return access
            break
    raise Http404


def can_see_portal_case(citizen, case: Case) -> bool:
    return any(a.case.pk == case.pk for a in portal_accesses(citizen))


def portal_cases_visible_to(citizen, *, today: datetime.date | None = None) -> QuerySet[Case]:
    """``can_see_portal_case`` as a queryset (for lists and the property tests)."""
    if citizen is None:
        return Case.objects.none()
    today = today or clock.today()
    restricted = (
        NetworkPerson.objects.filter(national_id=citizen.identity_number)
        .exclude(portal_restriction="")
        .values("child_id")
    )
    guardian = Q(
        guardians__national_id=citizen.identity_number,
        guardians__has_parental_responsibility=True,
        guardians__portal_restriction="",
    )
    # Below the consent age everything; from it, what the young person shares. The age test in
    # SQL: born after the day that is ``consent_age`` years before today.
    ages = list(Municipality.objects.values_list("consent_age", "portal_age"))
    below_consent_age = Q(pk__in=[])
    own = Q(pk__in=[])
    for consent_age in sorted({consent for consent, _portal in ages}):
        cutoff = clock.years_before(today, consent_age)
        below_consent_age |= Q(
            municipality__consent_age=consent_age, child__date_of_birth__gt=cutoff
        )
    for portal_age in sorted({portal for _consent, portal in ages}):
        cutoff = clock.years_before(today, portal_age)
        own |= Q(municipality__portal_age=portal_age, child__date_of_birth__lte=cutoff)
    shares = (
        Q(guardian_sharing__overview=True)
        | Q(guardian_sharing__plan=True)
        | Q(guardian_sharing__meetings=True)
        | Q(guardian_sharing__log=True)
    )
    as_guardian = guardian & (below_consent_age | shares)
    as_young_person = Q(child__national_id=citizen.identity_number) & own
    return (
        Case.objects.filter(as_guardian | as_young_person, archived_at__isnull=True)
        .exclude(child_id__in=restricted)
        .distinct()
    )


def portal_children(citizen) -> list[Child]:
    """The children a guardian may ask for help for (not restricted), and the young person."""
    if citizen is None:
        return []
    restricted = _restricted_child_ids(citizen)
    rows = _guardian_rows(citizen).exclude(child_id__in=restricted).select_related("child")
    children = {row.child.pk: row.child for row in rows}
    for child in Child.objects.filter(national_id=citizen.identity_number):
        children[child.pk] = child
    return sorted(children.values(), key=lambda c: c.date_of_birth)
