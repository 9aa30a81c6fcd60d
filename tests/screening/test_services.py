"""The rules of wellbeing screening: who keeps a group, rounds once per term on the framework's
areas, ratings all or nothing, the parents told, the talk for yellow and red, a concern in one
step; each write in the access log."""

from __future__ import annotations

import datetime

import pytest
from django.http import Http404

from helhet.audit.models import AuditEvent
from helhet.cases.models import Concern
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.screening import services
from helhet.screening.models import Rating, RoundChild, TalkOutcome
from helhet.tenancy.models import LifeArea
from tests.scenarios import build_world
from tests.screening.conftest import numbered_children, screening_of

pytestmark = pytest.mark.django_db


def opened(screening, n_areas: int = 3):
    return services.round_open(
        opened_by=screening.staff,
        group_pk=screening.group.pk,
        year=clock.today().year,
        term="autumn",
        area_pks=[a.pk for a in screening.areas(n_areas)],
    )


def test_only_the_schools_leaders_keep_its_groups(screening):
    with pytest.raises(Http404):
        services.group_create(
            created_by=screening.staff, service_pk=screening.world.school.pk, name="6A"
        )
    with pytest.raises(DomainError, match="has a group with this name"):
        services.group_create(
            created_by=screening.leader, service_pk=screening.world.school.pk, name="5b"
        )
    with pytest.raises(Http404):
        services.group_child_add(
            added_by=screening.staff,
            group_pk=screening.group.pk,
            national_id=screening.children[0].national_id,
        )
    assert AuditEvent.objects.filter(action="screening.group.child_add").count() == 6


def test_a_child_is_added_by_a_number_of_the_municipality_only(screening):
    elsewhere = numbered_children(build_world(), 1, seed=9)[0]
    with pytest.raises(DomainError, match="No child of the municipality") as refused:
        services.group_child_add(
            added_by=screening.leader,
            group_pk=screening.group.pk,
            national_id=elsewhere.national_id,
        )
    assert refused.value.field == "national_id"
    with pytest.raises(DomainError, match="in the group already"):
        services.group_child_add(
            added_by=screening.leader,
            group_pk=screening.group.pk,
            national_id=screening.children[0].national_id,
        )


def test_the_staff_must_work_at_the_school(screening):
    with pytest.raises(DomainError, match="must work at the school") as refused:
        services.group_staff_add(
            added_by=screening.leader,
            group_pk=screening.group.pk,
            professional_pk=screening.world.nurse.pk,
        )
    assert refused.value.field == "professional"


def test_a_round_is_once_per_term_on_the_frameworks_areas(screening):
    first = opened(screening)
    assert set(first.children.values_list("child_id", flat=True)) == {
        c.pk for c in screening.children
    }
    with pytest.raises(DomainError, match="Close the group's open round"):
        opened(screening)
    services.round_close(closed_by=screening.leader, round_pk=first.pk)
    with pytest.raises(DomainError, match="has a round for this term already"):
        opened(screening)
    girfec = LifeArea.objects.get(framework__code="girfec", code="safe")
    with pytest.raises(DomainError, match="areas of the municipality's wellbeing") as refused:
        services.round_open(
            opened_by=screening.staff,
            group_pk=screening.group.pk,
            year=clock.today().year,
            term="spring",
            area_pks=[girfec.pk],
        )
    assert refused.value.field == "areas"


def test_nobody_outside_the_group_opens_or_rates(screening):
    for outsider in (screening.other_teacher, screening.world.nurse):
        with pytest.raises(Http404):
            services.round_open(
                opened_by=outsider.user,
                group_pk=screening.group.pk,
                year=clock.today().year,
                term="autumn",
                area_pks=[a.pk for a in screening.areas()],
            )
    screening_round = opened(screening)
    with pytest.raises(Http404):
        services.ratings_save(
            rated_by=screening.other_teacher.user,
            round_pk=screening_round.pk,
            ratings={(screening.children[0].pk, screening.areas()[0].pk): "red"},
        )


def test_ratings_are_saved_all_or_nothing(screening):
    screening_round = opened(screening)
    area = screening.areas()[0]
    first, second = screening.children[:2]
    outsider = numbered_children(screening.world, 1, seed=7)[0]
    with pytest.raises(DomainError, match="not in the group") as refused:
        services.ratings_save(
            rated_by=screening.staff,
            round_pk=screening_round.pk,
            ratings={(first.pk, area.pk): "green", (outsider.pk, area.pk): "red"},
        )
    assert refused.value.field == "ratings"
    unrated = LifeArea.objects.get(framework__code="nordic", code="material")
    with pytest.raises(DomainError, match="area the round does not rate"):
        services.ratings_save(
            rated_by=screening.staff,
            round_pk=screening_round.pk,
            ratings={(first.pk, unrated.pk): "green"},
        )
    with pytest.raises(DomainError, match="green, yellow or red"):
        services.ratings_save(
            rated_by=screening.staff,
            round_pk=screening_round.pk,
            ratings={(first.pk, area.pk): "purple"},
        )
    assert not Rating.objects.exists()

    changed = services.ratings_save(
        rated_by=screening.staff,
        round_pk=screening_round.pk,
        ratings={(first.pk, area.pk): "green", (second.pk, area.pk): "red"},
    )
    assert changed == 2
    again = services.ratings_save(
        rated_by=screening.staff,
        round_pk=screening_round.pk,
        ratings={(first.pk, area.pk): "", (second.pk, area.pk): "red"},
    )
    assert again == 1  # the green cleared; the red unchanged
    assert list(Rating.objects.values_list("round_child__child_id", "colour")) == [
        (second.pk, "red")
    ]
    assert AuditEvent.objects.filter(action="screening.ratings").count() == 2

    services.round_close(closed_by=screening.leader, round_pk=screening_round.pk)
    with pytest.raises(DomainError, match="The round is closed"):
        services.ratings_save(
            rated_by=screening.staff,
            round_pk=screening_round.pk,
            ratings={(first.pk, area.pk): "yellow"},
        )


def test_the_staff_cannot_close_a_round(screening):
    screening_round = opened(screening)
    with pytest.raises(Http404):
        services.round_close(closed_by=screening.staff, round_pk=screening_round.pk)


def test_a_child_joining_the_group_joins_its_open_round(screening):
    screening_round = opened(screening)
    newcomer = numbered_children(screening.world, 1, seed=5)[0]
    services.group_child_add(
        added_by=screening.leader, group_pk=screening.group.pk, national_id=newcomer.national_id
    )
    assert screening_round.children.filter(child=newcomer).exists()
    services.group_child_remove(
        removed_by=screening.leader, group_pk=screening.group.pk, child_pk=newcomer.pk
    )
    assert not screening_round.children.filter(child=newcomer).exists()


def test_the_parents_are_told_and_recorded(screening):
    screening_round = opened(screening)
    tomorrow = clock.today() + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="cannot be in the future"):
        services.parents_informed(
            recorded_by=screening.staff,
            round_pk=screening_round.pk,
            child_pks=[screening.children[0].pk],
            on=tomorrow,
            how="letter",
        )
    told = services.parents_informed(
        recorded_by=screening.staff,
        round_pk=screening_round.pk,
        child_pks=[c.pk for c in screening.children[:4]],
        on=clock.today(),
        how="letter",
    )
    assert told == 4
    assert screening_round.children.filter(parents_informed_on__isnull=True).count() == 2


def test_a_talk_follows_yellow_or_red_and_a_concern_can_follow_it(screening):
    screening_round = opened(screening)
    area = screening.areas()[0]
    green, red = screening.children[:2]
    services.ratings_save(
        rated_by=screening.staff,
        round_pk=screening_round.pk,
        ratings={(green.pk, area.pk): "green", (red.pk, area.pk): "red"},
    )
    green_row = RoundChild.objects.get(round=screening_round, child=green)
    red_row = RoundChild.objects.get(round=screening_round, child=red)
    with pytest.raises(DomainError, match="for a child rated yellow or red"):
        services.talk_record(
            recorded_by=screening.staff,
            round_child_pk=green_row.pk,
            on=clock.today(),
            outcome=TalkOutcome.WATCH,
        )
    services.talk_record(
        recorded_by=screening.staff,
        round_child_pk=red_row.pk,
        on=clock.today(),
        outcome=TalkOutcome.CONCERN,
    )
    concern = services.concern_register(
        registered_by=screening.staff,
        round_child_pk=red_row.pk,
        observation="Rød på trygghet i høstens kartlegging.",
        strengths="Glad i å tegne.",
        child_voice="",
        child_not_asked_reason="Snakker med eleven i morgen.",
        worry=5,
    )
    red_row.refresh_from_db()
    assert red_row.concern == concern
    assert concern.service == screening.world.school
    assert Concern.objects.get(pk=concern.pk).child == red
    assert AuditEvent.objects.filter(action="screening.concern", child_id=red.pk).exists()


def test_another_municipality_sees_no_group(screening):
    other = screening_of(build_world(), n=1)
    with pytest.raises(Http404):
        services.group_child_add(
            added_by=other.leader,
            group_pk=screening.group.pk,
            national_id=screening.children[0].national_id,
        )
