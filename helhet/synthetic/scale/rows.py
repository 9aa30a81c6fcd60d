"""The rows of one municipality at scale: professionals, children and guardians, concerns, open
cases with their team, consent, plan and log. Consistent by construction (every reference points
at a row written in the same run), since the load bypasses per-row foreign-key checks.
"""

from __future__ import annotations

import dataclasses
import datetime
import random

from django.contrib.auth.hashers import make_password

from helhet.cases.models import (
    Case,
    CaseStatus,
    Concern,
    ConcernStatus,
    LogEntry,
    LogKind,
    TeamMember,
)
from helhet.consent.models import Consent, ConsentMethod, GivenBy
from helhet.people import nordic_id
from helhet.people.models import (
    Child,
    Membership,
    MembershipRole,
    NetworkPerson,
    Professional,
    Relation,
    User,
)
from helhet.plans.models import Goal, GoalStatus, Measure, MeasureStatus, Plan, WhoseWords
from helhet.synthetic.scale import texts
from helhet.synthetic.scale.copy import Ids, Spool

FAMILIES = [
    [Relation.MOTHER, Relation.FATHER],
    [Relation.MOTHER, Relation.FATHER],
    [Relation.MOTHER],
    [Relation.FATHER],
    [Relation.PARENT, Relation.PARENT],
    [Relation.FOSTER_PARENT],
]


@dataclasses.dataclass
class Member:
    professional_id: int
    user_id: int
    service_id: int


@dataclasses.dataclass
class CaseRef:
    """What the audit writer needs to know of a case."""

    id: int
    child_id: int
    opened_at: datetime.datetime
    members: list[Member]


class Spools:
    """One spool per table, shared by the municipalities one process generates."""

    MODELS = [
        User,
        Professional,
        Membership,
        Child,
        NetworkPerson,
        Concern,
        Case,
        Case.guardians.through,
        TeamMember,
        Consent,
        Consent.services.through,
        Consent.guardians.through,
        Plan,
        Goal,
        Measure,
        LogEntry,
    ]

    def __init__(self, directory: str):
        self.by_model = {model: Spool(model, directory) for model in self.MODELS}

    def __getitem__(self, model) -> Spool:
        return self.by_model[model]

    def __iter__(self):
        return iter(self.by_model.values())


class MunicipalityRows:
    def __init__(
        self,
        *,
        rng: random.Random,
        ids: Ids,
        spools: Spools,
        names: texts.NamePool,
        municipality,
        services: list,
        levels: list,
        life_areas: list,
        now: datetime.datetime,
        today: datetime.date,
    ):
        self.rng = rng
        self.ids = ids
        self.spools = spools
        self.names = names
        self.municipality = municipality
        self.services = services
        self.levels = levels
        self.life_areas = life_areas
        self.now = now
        self.today = today
        self.members: list[Member] = []
        self.by_service: dict[int, list[Member]] = {}

    # --- people ---------------------------------------------------------------------------

    def professionals(self, count: int, domain: str) -> None:
        """At least one (the leader) per service; the rest spread evenly."""
        count = max(count, len(self.services))
        unusable = make_password(None)  # nobody logs in as a seeded professional
        for index in range(count):
            service = self.services[index % len(self.services)]
            user_id = self.ids.take(User)
            professional_id = self.ids.take(Professional)
            name = self.names.person()
            self.spools[User].add(
                {
                    "id": user_id,
                    "password": unusable,
                    "email": f"p{user_id}@{domain}",
                    "name": name,
                    "date_joined": self.now,
                }
            )
            self.spools[Professional].add(
                {
                    "id": professional_id,
                    "user_id": user_id,
                    "municipality_id": self.municipality.pk,
                    "title": str(service.get_sector_display()),
                }
            )
            self.spools[Membership].add(
                {
                    "id": self.ids.take(Membership),
                    "professional_id": professional_id,
                    "service_id": service.pk,
                    "role": MembershipRole.LEADER
                    if index < len(self.services)
                    else MembershipRole.STAFF,
                }
            )
            member = Member(professional_id, user_id, service.pk)
            self.members.append(member)
            self.by_service.setdefault(service.pk, []).append(member)

    def children(self, count: int) -> list[tuple[int, datetime.date, list[int]]]:
        """Children with their guardians: (child id, birth date, guardian ids)."""
        rng, taken = self.rng, set()
        result = []
        for _ in range(count):
            birth = self.today - datetime.timedelta(days=rng.randint(0, 24 * 365))
            number = None
            for _attempt in range(5):  # synthetic numbers per birth date are few; retry clashes
                candidate = nordic_id.synthetic_number(self.municipality.country, birth, rng)
                if candidate not in taken:
                    number = candidate
                    taken.add(candidate)
                    break
            child_id = self.ids.take(Child)
            family_name = self.names.family()
            self.spools[Child].add(
                {
                    "id": child_id,
                    "municipality_id": self.municipality.pk,
                    "given_name": self.names.given(),
                    "family_name": family_name,
                    "date_of_birth": birth,
                    "national_id": number,
                    "created_at": self.now,
                }
            )
            guardians = []
            for relation in rng.choice(FAMILIES):
                guardian_id = self.ids.take(NetworkPerson)
                self.spools[NetworkPerson].add(
                    {
                        "id": guardian_id,
                        "child_id": child_id,
                        "municipality_id": self.municipality.pk,
                        "name": f"{self.names.given()} {family_name}",
                        "relation": relation,
                        "has_parental_responsibility": True,
                        "lives_with_child": rng.random() < 0.8,
                        "phone": f"9{rng.randint(1000000, 9999999)}",
                    }
                )
                guardians.append(guardian_id)
            result.append((child_id, birth, guardians))
        return result

    # --- cases ----------------------------------------------------------------------------

    def cases(self, children: list, count: int, log_per_case: float) -> list[CaseRef]:
        rng = self.rng
        refs = []
        for child_id, birth, guardians in rng.sample(children, min(count, len(children))):
            opened = self.now - datetime.timedelta(seconds=rng.randint(3_600, 730 * 86_400))
            coordinator = rng.choice(self.members)
            team = [coordinator, *self._others(coordinator, rng.randint(1, 3))]
            case_id = self.ids.take(Case)
            self._concern(child_id, coordinator, opened, case_id=case_id)
            self.spools[Case].add(
                {
                    "id": case_id,
                    "municipality_id": self.municipality.pk,
                    "child_id": child_id,
                    "level_id": rng.choice(self.levels).pk,
                    "status": CaseStatus.OPEN,
                    "coordinator_id": coordinator.professional_id,
                    "coordinator_service_id": coordinator.service_id,
                    "origin_service_id": coordinator.service_id,
                    "opened_at": opened,
                }
            )
            for member in team:
                self.spools[TeamMember].add(
                    {
                        "id": self.ids.take(TeamMember),
                        "case_id": case_id,
                        "professional_id": member.professional_id,
                        "service_id": member.service_id,
                        "role_in_case": "",
                        "joined_at": opened,
                    }
                )
            self._consent(case_id, birth, guardians, team, opened)
            if rng.random() < 0.85:
                self._plan(case_id, team, opened)
            self._log(case_id, team, opened, log_per_case)
            refs.append(CaseRef(case_id, child_id, opened, team))
        refs.sort(key=lambda ref: ref.opened_at)
        return refs

    def open_concerns(self, children: list, count: int) -> None:
        for child_id, _birth, _guardians in self.rng.sample(children, min(count, len(children))):
            registered = self.now - datetime.timedelta(seconds=self.rng.randint(600, 20 * 86_400))
            self._concern(child_id, self.rng.choice(self.members), registered, case_id=None)

    def _others(self, coordinator: Member, count: int) -> list[Member]:
        service_ids = [s.pk for s in self.services if s.pk != coordinator.service_id]
        chosen = self.rng.sample(service_ids, min(count, len(service_ids)))
        return [self.rng.choice(self.by_service[service_id]) for service_id in chosen]

    def _concern(self, child_id, by: Member, at, *, case_id) -> None:
        decided = case_id is not None
        self.spools[Concern].add(
            {
                "id": self.ids.take(Concern),
                "municipality_id": self.municipality.pk,
                "child_id": child_id,
                "registered_by_id": by.professional_id,
                "service_id": by.service_id,
                "registered_at": at - datetime.timedelta(days=3) if decided else at,
                "observation": self.rng.choice(texts.OBSERVATIONS),
                "strengths": self.rng.choice(texts.STRENGTHS),
                "child_voice": self.rng.choice(texts.CHILD_VOICES),
                "worry": self.rng.randint(2, 9),
                "decision_due": (at + datetime.timedelta(days=14)).date(),
                "status": ConcernStatus.COLLABORATION if decided else ConcernStatus.OPEN,
                "decided_by_id": by.professional_id if decided else None,
                "decided_at": at if decided else None,
                "case_id": case_id,
            }
        )

    def _consent(self, case_id, birth, guardians, team, opened) -> None:
        consent_id = self.ids.take(Consent)
        young = (self.today - birth).days // 365 >= self.municipality.consent_age
        self.spools[Consent].add(
            {
                "id": consent_id,
                "case_id": case_id,
                "municipality_id": self.municipality.pk,
                "given_by": GivenBy.YOUNG_PERSON if young else GivenBy.GUARDIANS,
                "purpose": "Samarbeid om oppfølging",
                "valid_from": opened.date(),
                "valid_until": opened.date() + datetime.timedelta(days=730),
                "method": ConsentMethod.SIGNED_FORM,
                "recorded_by_id": team[0].professional_id,
                "recorded_at": opened,
            }
        )
        through = Consent.services.through
        for service_id in sorted({m.service_id for m in team}):
            self.spools[through].add(
                {"id": self.ids.take(through), "consent_id": consent_id, "service_id": service_id}
            )
        if not young:
            for guardian_id in guardians:
                for model, owner in (
                    (Consent.guardians.through, {"consent_id": consent_id}),
                    (Case.guardians.through, {"case_id": case_id}),
                ):
                    self.spools[model].add(
                        {"id": self.ids.take(model), "networkperson_id": guardian_id, **owner}
                    )

    def _plan(self, case_id, team, opened) -> None:
        rng = self.rng
        plan_id = self.ids.take(Plan)
        created = opened + datetime.timedelta(days=rng.randint(1, 30))
        self.spools[Plan].add(
            {
                "id": plan_id,
                "case_id": case_id,
                "created_at": created,
                "evaluation_due": self.today + datetime.timedelta(days=rng.randint(-7, 90)),
            }
        )
        for goal_text in rng.sample(texts.GOALS, 2):
            goal_id = self.ids.take(Goal)
            owner = rng.choice(team)
            self.spools[Goal].add(
                {
                    "id": goal_id,
                    "plan_id": plan_id,
                    "life_area_id": rng.choice(self.life_areas).pk,
                    "text": goal_text,
                    "whose_words": WhoseWords.CHILD,
                    "responsible_service_id": owner.service_id,
                    "status": GoalStatus.ACTIVE,
                    "created_at": created,
                    "created_by_id": team[0].professional_id,
                }
            )
            for member in rng.sample(team, min(len(team), rng.randint(1, 2))):
                starts = created.date() + datetime.timedelta(days=rng.randint(0, 30))
                self.spools[Measure].add(
                    {
                        "id": self.ids.take(Measure),
                        "goal_id": goal_id,
                        "description": rng.choice(texts.MEASURES),
                        "service_id": member.service_id,
                        "responsible_id": member.professional_id,
                        "starts_on": starts,
                        "frequency": "Ukentlig",
                        "status": MeasureStatus.RUNNING,
                        "created_at": created,
                        "created_by_id": team[0].professional_id,
                    }
                )

    def _log(self, case_id, team, opened, per_case: float) -> None:
        rng = self.rng
        count = max(1, round(per_case * rng.uniform(0.4, 1.6)))
        span = (self.now - opened).total_seconds()
        moments = sorted(rng.uniform(0, span) for _ in range(count - 1))
        for index, offset in enumerate([0.0, *moments]):
            author = team[0] if index == 0 else rng.choice(team)
            kind, text = (
                (LogKind.DECISION, texts.FIRST_LOG) if index == 0 else rng.choice(texts.LOG)
            )
            self.spools[LogEntry].add(
                {
                    "id": self.ids.take(LogEntry),
                    "case_id": case_id,
                    "kind": kind,
                    "author_id": author.professional_id,
                    "service_id": author.service_id,
                    "created_at": opened + datetime.timedelta(seconds=offset),
                    "text": text,
                }
            )
