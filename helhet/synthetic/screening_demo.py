"""The demo school's wellbeing screening: the principal imports the teacher's class from the
school's class list, puts the teacher on its staff, and the teacher has rated the class this
term (most green, a few yellow, one red) and told the parents — so both logins show a round,
a talk to hold and the leaders' overview."""

from __future__ import annotations

from helhet.core import clock
from helhet.screening import class_lists
from helhet.screening import services as screening_services
from helhet.screening.models import Group, Term
from helhet.signals.models import Enrolment
from helhet.tenancy.selectors import life_areas_of

GROUP = "5B"


def demo_screening(*, municipality, accounts: dict) -> None:
    teacher, principal = accounts.get("laerer"), accounts.get("rektor")
    if not (teacher and principal):
        return
    school = teacher.memberships.get().service
    pupils = list(
        Enrolment.objects.filter(school=school, contact_teacher=teacher)
        .exclude(pupil_id="")
        .order_by("pk")
    )
    if len(pupils) < 2:
        return
    rows = ["group,pupil_id"] + [f"{GROUP},{e.pupil_id}" for e in pupils]
    class_lists.class_list_import(
        imported_by=principal.user, service_pk=school.pk, raw="\n".join(rows).encode()
    )
    group = Group.objects.get(service=school, name=GROUP)
    screening_services.group_staff_add(
        added_by=principal.user, group_pk=group.pk, professional_pk=teacher.pk
    )
    today = clock.today()
    areas = list(life_areas_of(municipality).order_by("position")[:3])
    screening_round = screening_services.round_open(
        opened_by=teacher.user,
        group_pk=group.pk,
        year=today.year,
        term=Term.SPRING if today.month < 7 else Term.AUTUMN,
        area_pks=[a.pk for a in areas],
    )
    colours = {1: "yellow", 4: "yellow", 7: "red"}  # pupils by position: the rest are green
    screening_services.ratings_save(
        rated_by=teacher.user,
        round_pk=screening_round.pk,
        ratings={
            (e.child_id, area.pk): colours.get(i, "green") if n == 0 else "green"
            for i, e in enumerate(pupils)
            for n, area in enumerate(areas)
        },
    )
    screening_services.parents_informed(
        recorded_by=teacher.user,
        round_pk=screening_round.pk,
        child_pks=[e.child_id for e in pupils],
        on=today,
        how="letter",
    )
