"""Demo relay data: a few concerns and cases made through the real services, so the demo shows
My work, a case page, consent, a pending handover, a plan with a meeting and the access log from
the first login."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from helhet.cases import services as case_services
from helhet.cases.models import Case
from helhet.consent import services as consent_services
from helhet.core import clock
from helhet.people.models import Child
from helhet.plans import services as plan_services
from helhet.retention import services as retention_services
from helhet.tenancy.models import Municipality
from helhet.tenancy.selectors import life_areas_of


def _child_aged(municipality: Municipality, low: int, high: int, taken: set[int]) -> Child | None:
    today = clock.today()
    youngest = today - datetime.timedelta(days=int(low * 365.25) + 1)
    oldest = today - datetime.timedelta(days=int((high + 1) * 365.25) - 1)
    child = (
        Child.objects.filter(
            municipality=municipality, date_of_birth__lte=youngest, date_of_birth__gte=oldest
        )
        .exclude(pk__in=taken)
        .filter(network__has_parental_responsibility=True)
        .order_by("pk")
        .first()
    )
    if child:
        taken.add(child.pk)
    return child


def _collaboration(*, author, service, child: Child, level: int, note: str, **concern):
    """A concern by ``author`` decided at once as a collaboration at ``level``; the new case."""
    registered = case_services.concern_register(
        registered_by=author.user, service=service, child=child, **concern
    )
    decided = case_services.concern_decide(
        concern=registered,
        decided_by=author.user,
        decision="collaboration",
        level=child.municipality.level_model.levels.get(number=level),
        note=note,
    )
    return decided.case


def demo_relay(*, municipality: Municipality, accounts: dict, rng: random.Random) -> None:
    teacher, nurse = accounts.get("laerer"), accounts.get("helsesykepleier")
    ppt = accounts.get("ppt")
    if not (teacher and nurse and ppt):
        return
    school = teacher.memberships.get().service
    health = nurse.memberships.get().service
    ppt_service = ppt.memberships.get().service
    taken: set[int] = set()

    # 1. A fresh concern, waiting for the teacher's decision.
    child = _child_aged(municipality, 12, 14, taken)
    if child:
        case_services.concern_register(
            registered_by=teacher.user,
            service=school,
            child=child,
            observation="Har vært borte åtte enkeltdager siste måned, ofte mandager.",
            strengths="Flink i matematikk, har en god venn i klassen, trener håndball.",
            child_voice="Det er slitsomt å komme på skolen etter helgene.",
            worry=5,
        )

    # 2. A collaboration coordinated by the teacher, handover to the school nurse pending.
    child = _child_aged(municipality, 10, 13, taken)
    if child:
        case = _collaboration(
            author=teacher,
            service=school,
            child=child,
            level=2,
            observation="Hodepine og magevondt flere ganger i uka, trekker seg fra venner.",
            strengths="Kreativ, tegner mye, trygg relasjon til mormor.",
            child_voice="Jeg vil bare være hjemme.",
            worry=7,
            note="Skole og helsestasjon samarbeider om fravær og helseplager.",
        )
        guardians = list(child.network.filter(has_parental_responsibility=True))
        consent_services.consent_record(
            case=case,
            recorded_by=teacher.user,
            given_by="guardians",
            guardians=guardians,
            services=[school, health],
            purpose="Samarbeid om skolefravær og helseplager",
            valid_from=clock.today(),
            method="signed_form",
        )
        case_services.team_member_add(
            case=case,
            added_by=teacher.user,
            professional=nurse,
            service=health,
            role_in_case="Helsesykepleier",
        )
        case_services.log_entry_add(
            case=case,
            author=nurse.user,
            kind="meeting",
            text="Samarbeidsmøte med foreldrene. Avtalt ukentlige samtaler med helsesykepleier.",
            strengths="Foreldrene er engasjerte; eleven liker tegnetimene.",
            worries="Fraværet øker; søvnproblemer.",
        )
        case_services.handover_propose(
            case=case,
            proposed_by=teacher.user,
            to_professional=nurse,
            to_service=health,
            reason="Helseplagene står i sentrum nå; helsesykepleier følger opp ukentlig.",
        )

    # 3. A young person (16) who consented on their own, with PPT on the team.
    child = _child_aged(municipality, 16, 17, taken)
    if child:
        case = _collaboration(
            author=nurse,
            service=health,
            child=child,
            level=3,
            observation="Strever med lesing og skriving, vurderer å slutte på skolen.",
            strengths="Praktisk anlagt, har deltidsjobb og stiller opp for søsknene.",
            child_voice="Jeg vil heller jobbe enn å sitte på skolen.",
            worry=6,
            note="Bred samarbeid: skole, helsestasjon og PPT.",
        )
        consent_services.consent_record(
            case=case,
            recorded_by=nurse.user,
            given_by="young_person",
            services=[health, school, ppt_service],
            purpose="Tilrettelegging av opplæringen og oppfølging av helse",
            valid_from=clock.today(),
            method="digital",
        )
        for professional, service, role in (
            (teacher, school, "Kontaktlærer"),
            (ppt, ppt_service, "PP-rådgiver"),
        ):
            case_services.team_member_add(
                case=case,
                added_by=nurse.user,
                professional=professional,
                service=service,
                role_in_case=role,
            )
        _demo_plan(case, coordinator=nurse, teacher=teacher, ppt=ppt, child=child)

    # 4. A case closed four months ago, which the retention rules have archived: only the data
    # protection officer sees it now (docs/retention.md).
    child = _child_aged(municipality, 8, 10, taken)
    if child:
        case = _collaboration(
            author=teacher,
            service=school,
            child=child,
            level=2,
            observation="Lei seg i friminuttene etter flytting, gråt flere ganger.",
            strengths="Nysgjerrig, god i norsk, liker å lese.",
            child_voice="Jeg savner vennene mine fra den gamle skolen.",
            worry=4,
            note="Skolen følger opp med trivselssamtaler.",
        )
        case_services.log_entry_add(
            case=case,
            author=teacher.user,
            kind="note",
            text="Har fått to nye venner og trives i klassen. Foreldrene er enige i å avslutte.",
        )
        case_services.case_close(case=case, closed_by=teacher.user, reason="Trives nå.")
        Case.objects.filter(pk=case.pk).update(closed_at=clock.now() - datetime.timedelta(days=120))
        retention_services.apply_rules(municipality)


def _demo_plan(case, *, coordinator, teacher, ppt, child: Child) -> None:
    """A plan with goals in the young person's words, measures of three services running at the
    same time, an evaluation due within a week (a reminder on My work) and a meeting planned."""
    areas = {a.code: a for a in life_areas_of(case.municipality)}
    school = teacher.memberships.get().service
    health = coordinator.memberships.get().service
    ppt_service = ppt.memberships.get().service
    today = clock.today()
    learning = plan_services.goal_add(
        case=case,
        added_by=coordinator.user,
        life_area=areas["learning"],
        text="Jeg vil klare å lese oppgavene selv og fullføre skoleåret.",
        whose_words="child",
        responsible_service=school,
    )
    health_goal = plan_services.goal_add(
        case=case,
        added_by=coordinator.user,
        life_area=areas["health"],
        text="Jeg vil sove bedre og ikke være så sliten på jobb og skole.",
        whose_words="child",
        responsible_service=health,
    )
    for goal, service, professional, text, start, end, frequency in (
        (
            learning,
            school,
            teacher,
            "Tilpasset opplæring med lydbøker og muntlige prøver.",
            -14,
            120,
            "",
        ),
        (learning, ppt_service, ppt, "Utredning av lese- og skrivevansker.", -7, 40, ""),
        (
            health_goal,
            health,
            coordinator,
            "Samtaler om søvn og stress.",
            0,
            None,
            "Hver tirsdag, 30 minutter",
        ),
    ):
        plan_services.measure_add(
            goal=goal,
            added_by=coordinator.user,
            description=text,
            service=service,
            responsible=professional,
            starts_on=today + datetime.timedelta(days=start),
            ends_on=today + datetime.timedelta(days=end) if end is not None else None,
            frequency=frequency,
            status="running" if start < 0 else "planned",
        )
    plan_services.evaluation_schedule(
        case=case, scheduled_by=coordinator.user, due=today + datetime.timedelta(days=5)
    )
    next_week = timezone.localtime(clock.now()).replace(hour=10, minute=0, second=0, microsecond=0)
    plan_services.meeting_plan(
        case=case,
        planned_by=coordinator.user,
        starts_at=next_week + datetime.timedelta(days=7),
        duration_minutes=60,
        place="Møterom 2, helsestasjonen",
        video_link="",
        agenda="1. Hvordan går det på skolen og på jobb?\n2. Resultat fra PPT\n3. Veien videre",
        child_takes_part=True,
        guardians=list(child.network.filter(has_parental_responsibility=True)[:1]),
        professionals=[teacher, ppt],
    )
