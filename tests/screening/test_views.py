"""The screening pages: the group's staff and the school's leaders in, everyone else 404 (the
school's other staff, the health station, another municipality); bad input answered on the page
with nothing saved; the class list import; the leaders' suppressed overview."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.screening import services
from helhet.screening.models import Group, GroupChild, Rating, RoundChild
from helhet.signals.models import Enrolment
from tests.querycount import assert_same_count, queries_of
from tests.scenarios import build_world
from tests.screening.conftest import numbered_children, screening_of


def opened(screening, n_areas: int = 2):
    return services.round_open(
        opened_by=screening.staff,
        group_pk=screening.group.pk,
        year=clock.today().year,
        term="autumn",
        area_pks=[a.pk for a in screening.areas(n_areas)],
    )


def urls_of(screening, screening_round, round_child):
    return [
        reverse("screening:group", args=[screening.group.pk]),
        reverse("screening:round", args=[screening_round.pk]),
        reverse("screening:concern", args=[round_child.pk]),
    ]


def test_the_groups_staff_and_leaders_see_it_nobody_else(client, screening):
    screening_round = opened(screening)
    round_child = screening_round.children.first()
    outsiders = [
        screening.other_teacher.user,
        screening.world.nurse.user,
        screening_of(build_world(), n=1).leader,
    ]
    for user in (screening.staff, screening.leader):
        client.force_login(user)
        for url in urls_of(screening, screening_round, round_child):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
        assert (
            screening.children[0].family_name
            in client.get(urls_of(screening, screening_round, round_child)[1]).content.decode()
        )
    for user in outsiders:
        client.force_login(user)
        for url in urls_of(screening, screening_round, round_child):
            assert client.get(url).status_code == 404, (user, url)
        response = client.post(
            reverse("screening:ratings", args=[screening_round.pk]),
            {f"rating-{screening.children[0].pk}-{screening.areas()[0].pk}": "red"},
        )
        assert response.status_code == 404
    assert not Rating.objects.exists()


def test_leaving_the_school_closes_the_door(client, screening):
    screening.world.teacher.memberships.filter(service=screening.world.school).delete()
    client.force_login(screening.staff)
    assert client.get(reverse("screening:group", args=[screening.group.pk])).status_code == 404


def test_only_leaders_keep_groups_and_see_the_overview(client, screening):
    client.force_login(screening.staff)
    for name in ("screening:group_new", "screening:import", "screening:overview"):
        assert client.get(reverse(name)).status_code == 404, name
    response = client.post(
        reverse("screening:child_add", args=[screening.group.pk]),
        {"national_id": numbered_children(screening.world, 1, seed=3)[0].national_id},
    )
    assert response.status_code == 404
    client.force_login(screening.leader)
    for name in ("screening:list", "screening:group_new", "screening:import", "screening:overview"):
        assert client.get(reverse(name)).status_code == 200, name


def test_a_group_is_created_and_kept_on_its_page(client, screening):
    client.force_login(screening.leader)
    response = client.post(
        reverse("screening:group_new"), {"service": screening.world.school.pk, "name": "5B"}
    )
    assert response.status_code == 200
    assert "has a group with this name" in response.content.decode()
    response = client.post(
        reverse("screening:group_new"), {"service": screening.world.school.pk, "name": "6A"}
    )
    group = Group.objects.get(name="6A")
    assert response.headers["Location"] == reverse("screening:group", args=[group.pk])
    response = client.post(
        reverse("screening:child_add", args=[group.pk]), {"national_id": "01010112345"}
    )
    assert response.status_code == 400
    assert "No child of the municipality" in response.content.decode()
    assert 'value="01010112345"' in response.content.decode()  # what was typed is kept
    client.post(
        reverse("screening:child_add", args=[group.pk]),
        {"national_id": screening.children[0].national_id},
    )
    client.post(
        reverse("screening:staff_add", args=[group.pk]),
        {"professional": screening.other_teacher.pk},
    )
    assert GroupChild.objects.filter(group=group, child=screening.children[0]).exists()
    assert group.staff.filter(professional=screening.other_teacher).exists()


def test_a_round_is_opened_rated_and_bad_ratings_refused(client, screening):
    client.force_login(screening.staff)
    area = screening.areas()[0]
    response = client.post(
        reverse("screening:round_open", args=[screening.group.pk]),
        {"year": clock.today().year, "term": "autumn"},
    )
    assert response.status_code == 400  # no area chosen
    response = client.post(
        reverse("screening:round_open", args=[screening.group.pk]),
        {"year": clock.today().year, "term": "autumn", "areas": [area.pk]},
    )
    screening_round = screening.group.rounds.get()
    assert response.headers["Location"] == reverse("screening:round", args=[screening_round.pk])
    stranger = numbered_children(screening.world, 1, seed=11)[0]
    response = client.post(
        reverse("screening:ratings", args=[screening_round.pk]),
        {
            f"rating-{screening.children[0].pk}-{area.pk}": "yellow",
            f"rating-{stranger.pk}-{area.pk}": "red",
        },
    )
    assert response.status_code == 400
    assert "not in the group" in response.content.decode()
    assert not Rating.objects.exists()
    client.post(
        reverse("screening:ratings", args=[screening_round.pk]),
        {f"rating-{screening.children[0].pk}-{area.pk}": "yellow"},
    )
    page = client.get(reverse("screening:round", args=[screening_round.pk])).content.decode()
    assert f"Record the talk about {screening.children[0].given_name}" in page
    round_child = RoundChild.objects.get(round=screening_round, child=screening.children[0])
    response = client.post(
        reverse("screening:talk", args=[round_child.pk]),
        {f"talk-{round_child.pk}-on": "2999-01-01", f"talk-{round_child.pk}-outcome": "watch"},
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    response = client.post(
        reverse("screening:talk", args=[round_child.pk]),
        {
            f"talk-{round_child.pk}-on": clock.today().isoformat(),
            f"talk-{round_child.pk}-outcome": "watch",
        },
    )
    assert response.status_code == 302
    round_child.refresh_from_db()
    assert round_child.talk_outcome == "watch"


def test_the_class_list_import_is_checked_first_and_idempotent(client, screening):
    world = screening.world
    pupils = numbered_children(world, 3, seed=21)
    Enrolment.objects.create(school=world.school, child=pupils[2], pupil_id="P-77")
    good = (
        "group;national_id;pupil_id\n"
        f"6A;{pupils[0].national_id};\n6A;{pupils[1].national_id};\n7C;;P-77\n7C;;P-00\n"
    ).replace(";", ",")
    client.force_login(screening.leader)
    url = reverse("screening:import")

    def upload(text: str, encoding: str = "utf-8"):
        return client.post(
            url,
            {
                "service": world.school.pk,
                "file": SimpleUploadedFile("klasse.csv", text.encode(encoding), "text/csv"),
            },
        )

    bad = good + "8D;;\n;12345678901;\n"
    response = upload(bad)
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "<td>6</td>" in page and "<td>7</td>" in page  # the lines
    assert not Group.objects.filter(name__in=["6A", "7C"]).exists()

    response = upload(good)
    assert "2 groups created, 3 children added" in response.content.decode()
    assert "Lines: 5" in response.content.decode()  # P-00 is no pupil of the school
    assert set(Group.objects.get(name="7C").memberships.values_list("child", flat=True)) == {
        pupils[2].pk
    }
    response = upload(good.replace("6A", "6a"), encoding="latin-1")
    assert "0 groups created, 0 children added; 3 were in their group already" in (
        response.content.decode()
    )


def test_the_overview_hides_small_figures(client, screening):
    world = screening.world
    more = numbered_children(world, 6, seed=31)
    for child in more:
        services.group_child_add(
            added_by=screening.leader, group_pk=screening.group.pk, national_id=child.national_id
        )
    screening_round = opened(screening, n_areas=1)
    area = screening.areas(1)[0]
    everyone = screening.children + more  # 12 children: 9 green, 3 red
    services.ratings_save(
        rated_by=screening.staff,
        round_pk=screening_round.pk,
        ratings={(c.pk, area.pk): ("red" if i < 3 else "green") for i, c in enumerate(everyone)},
    )
    client.force_login(screening.leader)
    response = client.get(reverse("screening:overview"))
    page = response.content.decode()
    row = page[page.index('<th scope="row">5B</th>') :].split("</tr>")[0]
    # 3 red is hidden; 9 green with the total 12 would give it away, so green is hidden too.
    assert row.count("hidden") == 3, row  # green, yellow (0), red
    assert "<td>12</td>" in row
    assert "<td>9</td>" not in row and "<td>3</td>" not in row
    # The download says no more than the page: the hidden cells empty; recorded.
    year, term = screening_round.year, screening_round.term
    lines = client.get(reverse("screening:overview_csv")).content.decode().splitlines()
    assert lines[0] == "year,term,group,table,column,n"
    assert [line for line in lines if ",5B," in line and area.code in line] == [
        f"{year},{term},5B,{area.code},green,",
        f"{year},{term},5B,{area.code},yellow,",
        f"{year},{term},5B,{area.code},red,",
        f"{year},{term},5B,{area.code},rated,12",
    ]
    workbook = client.get(reverse("screening:overview_xlsx"))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True)
    )
    assert (year, term, "5B", area.code, "rated", 12) in rows
    assert AuditEvent.objects.filter(action="screening.overview_export").count() == 2
    client.force_login(screening.staff)  # staff of the group, not a leader
    assert client.get(reverse("screening:overview_csv")).status_code == 404


def test_the_round_page_runs_as_many_queries_for_a_big_class(client, screening):
    screening_round = opened(screening)
    url = reverse("screening:round", args=[screening_round.pk])
    client.force_login(screening.staff)
    counts = {}
    for size in (6, 30):
        for child in numbered_children(screening.world, size - len(screening.children), seed=size):
            services.group_child_add(
                added_by=screening.leader,
                group_pk=screening.group.pk,
                national_id=child.national_id,
            )
        services.ratings_save(
            rated_by=screening.staff,
            round_pk=screening_round.pk,
            ratings={
                (rc.child_id, a.pk): "yellow"
                for rc in screening_round.children.all()
                for a in screening.areas(2)
            },
        )
        counts[size] = queries_of(client, url)
    assert_same_count(counts)


def test_a_teacher_on_no_groups_staff_gets_an_empty_list_the_nurse_404(client, screening):
    client.force_login(screening.other_teacher.user)
    response = client.get(reverse("screening:list"))
    assert response.status_code == 200
    assert "You are on no group" in response.content.decode()
    # As text of an element: a bare "5B" can turn up in the page's random CSRF token.
    assert ">5B<" not in response.content.decode()
    client.force_login(screening.world.nurse.user)
    assert client.get(reverse("screening:list")).status_code == 404
