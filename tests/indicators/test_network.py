"""The municipal network: a municipal administrator opts in; the leader groups of the members
compare their figures side by side, each count suppressed with the network's total as margin,
and download them as XLSX (recorded); nobody outside the network sees a figure."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.http import Http404
from django.urls import reverse

from helhet.audit.models import AuditEvent
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.indicators import compute, selectors, services
from helhet.indicators.forms import months_back
from helhet.indicators.models import Network
from helhet.people.models import User
from tests.indicators.test_indicators import concerns
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


def member(network, n_concerns: int):
    world = build_world()
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.is_leader_group = True
    world.head_teacher.save(update_fields=["is_municipal_admin", "is_leader_group"])
    services.network_join(joined_by=world.head_teacher.user, network_pk=network.pk)
    concerns(world, n_concerns)
    compute.refresh(world.municipality)
    return world


def compare(world, network):
    user = User.objects.get(pk=world.head_teacher.user_id)
    return selectors.comparison(
        fetched_by=user,
        network_pk=network.pk,
        first=months_back(11),
        last=clock.today().replace(day=1),
    )


def test_members_compare_with_a_small_municipality_suppressed():
    network = Network.objects.create(name="Ti kommuner")
    big, middle, small = member(network, 12), member(network, 7), member(network, 2)
    compared = compare(big, network)
    assert [m.pk for m in compared.municipalities] == sorted(
        [big.municipality.pk, middle.municipality.pk, small.municipality.pk],
        key=lambda pk: next(m.name for m in compared.municipalities if m.pk == pk),
    )
    indicator, values, total = compared.rows[0]
    assert indicator.code == "concerns_registered"
    shown = {m.pk: v.figure for m, v in zip(compared.municipalities, values, strict=True)}
    # 2 is hidden; then 7 too, or 2 = 21 − 12 − 7; 12 stays (hidden 2 + 7 = 9 ≥ 5).
    assert shown == {
        big.municipality.pk: 12,
        middle.municipality.pk: None,
        small.municipality.pk: None,
    }
    assert total.figure == 21


def test_only_an_administrator_opts_in_and_only_members_compare(client):
    network = Network.objects.create(name="Fem kommuner")
    inside = member(network, 6)
    outside = build_world()
    with pytest.raises(Http404):
        services.network_join(joined_by=outside.teacher.user, network_pk=network.pk)
    with pytest.raises(DomainError, match="in this network already"):
        services.network_join(joined_by=inside.head_teacher.user, network_pk=network.pk)
    outside.head_teacher.is_leader_group = True
    outside.head_teacher.save(update_fields=["is_leader_group"])
    with pytest.raises(Http404):
        compare(outside, network)
    client.force_login(outside.head_teacher.user)
    assert client.get(reverse("indicators:comparison", args=[network.pk])).status_code == 404
    url = reverse("indicators:comparison_xlsx", args=[network.pk])
    assert client.get(url).status_code == 404
    client.force_login(inside.teacher.user)  # a member municipality's staff
    assert client.get(reverse("indicators:comparison", args=[network.pk])).status_code == 404
    client.force_login(inside.head_teacher.user)
    client.post(reverse("indicators:network_leave", args=[network.pk]))
    assert not network.members.exists()
    assert AuditEvent.objects.filter(action="network.leave").count() == 1


def test_the_comparison_downloads_as_xlsx_with_the_figures(client):
    network = Network.objects.create(name="Ti kommuner")
    first, second = member(network, 8), member(network, 6)
    client.force_login(first.head_teacher.user)
    page = client.get(reverse("indicators:comparison", args=[network.pk])).content.decode()
    assert first.municipality.name in page and second.municipality.name in page
    response = client.get(reverse("indicators:comparison_xlsx", args=[network.pk]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[3]
    names = sorted([first.municipality.name, second.municipality.name])
    assert header[2:] == [*names, "The network"]
    concerns_row = next(r for r in rows if r[0] == "Concerns registered")
    assert sorted(concerns_row[2:4]) == [6, 8] and concerns_row[4] == 14
    assert AuditEvent.objects.filter(
        action="indicators.export", actor=first.head_teacher.user
    ).exists()


def test_the_comparison_downloads_as_csv_with_hidden_cells_empty(client):
    network = Network.objects.create(name="Tre kommuner")
    big, small = member(network, 9), member(network, 2)
    client.force_login(big.head_teacher.user)
    response = client.get(reverse("indicators:comparison_csv", args=[network.pk]))
    lines = response.content.decode().splitlines()
    assert lines[0] == "from,to,indicator,municipality,figure,n"
    rows = [line.split(",") for line in lines[1:] if ",concerns_registered," in line]
    figures = {row[3]: row[4] for row in rows}
    # 2 is hidden, and so is 9 (the network's 11 would give the 2 away).
    assert figures == {big.municipality.name: "", small.municipality.name: "", "": "11"}
    client.force_login(small.teacher.user)
    assert client.get(reverse("indicators:comparison_csv", args=[network.pk])).status_code == 404


def advisor_of(network) -> User:
    from helhet.indicators.models import NetworkAdvisor
    from tests.conftest import give_second_factor

    user = User.objects.create_user("konsulent@netvaerk.example", "x" * 16, name="Lone Konsulent")
    give_second_factor(user)
    NetworkAdvisor.objects.create(network=network, user=user, role="Læringskonsulent")
    return user


def test_a_learning_consultant_sees_the_networks_comparison_and_nothing_else(client):
    network = Network.objects.create(name="Fem kommuner")
    other_network = Network.objects.create(name="Et andet netværk")
    big, small = member(network, 12), member(network, 2)
    member(other_network, 9)
    consultant = advisor_of(network)
    client.force_login(consultant)
    home = client.get(reverse("home")).content.decode()
    assert "Networks you advise" in home
    assert reverse("indicators:comparison", args=[network.pk]) in home
    listed = client.get(reverse("indicators:networks")).content.decode()
    assert "Fem kommuner" in listed and "Et andet netværk" not in listed
    assert f'href="{reverse("indicators:dashboard")}"' not in listed  # no "← Indicators"
    page = client.get(reverse("indicators:comparison", args=[network.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert big.municipality.name in text and small.municipality.name in text
    # The same suppressed figures as a member's leader group sees.
    compared = selectors.comparison(
        fetched_by=consultant,
        network_pk=network.pk,
        first=months_back(11),
        last=clock.today().replace(day=1),
    )
    assert compared.rows == compare(big, network).rows
    csv_text = client.get(reverse("indicators:comparison_csv", args=[network.pk])).content.decode()
    assert f"concerns_registered,{small.municipality.name},," in csv_text  # 2: hidden
    event = AuditEvent.objects.get(action="indicators.export", actor=consultant)
    assert event.municipality_id is None  # the global chain: they belong to no municipality
    # No other network, no municipality's dashboard, no research, no case work.
    for url in (
        reverse("indicators:comparison", args=[other_network.pk]),
        reverse("indicators:comparison_xlsx", args=[other_network.pk]),
        reverse("indicators:dashboard"),
        reverse("indicators:self_assessments"),
        reverse("indicators:research"),
        reverse("cases:my_work"),
    ):
        assert client.get(url).status_code == 404, url


def test_a_consultant_no_longer_advising_gets_404(client):
    from helhet.indicators.models import NetworkAdvisor

    network = Network.objects.create(name="Fem kommuner")
    member(network, 6)
    consultant = advisor_of(network)
    NetworkAdvisor.objects.filter(user=consultant).delete()
    client.force_login(consultant)
    assert client.get(reverse("indicators:comparison", args=[network.pk])).status_code == 404
    assert client.get(reverse("indicators:networks")).status_code == 404
    assert "Networks you advise" not in client.get(reverse("home")).content.decode()
