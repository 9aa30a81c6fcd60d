"""The Django admin for operators: a child's municipality (the tenant) is fixed once created."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helhet.people.models import User
from tests.conftest import give_second_factor
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db


def test_an_operator_cannot_move_a_child_to_another_municipality(client):
    world = build_world()
    elsewhere = build_world().municipality
    child = world.child
    operator = User.objects.create_superuser(email="ops@test.example", password="x-9-long-pw")
    give_second_factor(operator)
    client.force_login(operator)
    url = reverse("admin:people_child_change", args=[child.pk])

    page = client.get(url).content.decode()
    assert 'name="municipality"' not in page  # shown, not editable
    response = client.post(
        url,
        {
            "municipality": elsewhere.pk,
            "given_name": "Nytt",
            "family_name": child.family_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "national_id": child.national_id or "",
            "network-TOTAL_FORMS": "0",
            "network-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    child.refresh_from_db()
    assert (child.given_name, child.municipality_id) == ("Nytt", world.municipality.pk)
