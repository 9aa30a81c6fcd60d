from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from helhet.people import nordic_id
from helhet.people.models import Child, NetworkPerson, Professional, User
from helhet.synthetic.generator import generate
from helhet.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "municipalities": list(Municipality.objects.order_by("pk").values_list("name", "country")),
        "children": list(
            Child.objects.order_by("pk").values_list(
                "given_name", "family_name", "date_of_birth", "national_id"
            )
        ),
        "guardians": list(NetworkPerson.objects.order_by("pk").values_list("name", "relation")),
    }


def _wipe():
    NetworkPerson.objects.all().delete()
    Child.objects.all().delete()
    Professional.objects.all().delete()
    User.objects.all().delete()
    from helhet.directory.models import Service

    Service.objects.all().delete()
    Municipality.objects.all().delete()


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    generate(municipalities=3, children_per_municipality=5, seed=7)
    first = _snapshot()
    _wipe()
    generate(municipalities=3, children_per_municipality=5, seed=7)
    assert _snapshot() == first
    _wipe()
    generate(municipalities=3, children_per_municipality=5, seed=8)
    assert _snapshot()["children"] != first["children"]


def test_every_identity_number_is_synthetic(settings):
    settings.HELHET_REAL_IDENTITY_NUMBERS = False  # parse() refuses real numbers
    generate(municipalities=5, children_per_municipality=20, seed=3)
    numbers = Child.objects.exclude(national_id=None).select_related("municipality")
    assert numbers.count() > 40  # NO, SE and FI municipalities get numbers
    for child in numbers:
        parsed = nordic_id.parse(child.national_id, child.municipality.country)
        assert parsed.synthetic
        assert parsed.birth_date == child.date_of_birth


def test_demo_seed_creates_demo_accounts_and_a_full_directory():
    summary = generate(municipalities=3, children_per_municipality=2, demo=True)
    fjordvik = Municipality.objects.get(name="Fjordvik kommune")
    assert fjordvik.services.count() >= 15
    assert User.objects.filter(email="laerer@fjordvik.example", is_demo=True).exists()
    assert "admin@fjordvik.example" in dict(summary.demo_logins)
    assert Professional.objects.get(user__email="admin@fjordvik.example").is_municipal_admin
    assert Professional.objects.get(
        user__email="personvern@fjordvik.example"
    ).is_data_protection_officer


def test_demo_relay_is_made_through_the_services_and_audited():
    from helhet.audit.chain import verify
    from helhet.cases.models import Case, Concern, Handover

    generate(municipalities=3, children_per_municipality=40, demo=True)
    fjordvik = Municipality.objects.get(name="Fjordvik kommune")
    assert Concern.objects.filter(municipality=fjordvik).count() == 4
    assert Case.objects.filter(municipality=fjordvik, status="open").count() == 2
    # ... and one closed long ago, which the retention rules archived.
    archived = Case.objects.get(municipality=fjordvik, status="closed")
    assert archived.archived_at is not None
    pending = Handover.objects.get(status="pending")
    assert pending.to_professional.user.email == "helsesykepleier@fjordvik.example"
    from helhet.plans.models import Measure, Meeting
    from helhet.reminders.models import Task

    plan_services = {
        m.service.name for m in Measure.objects.filter(goal__plan__case__municipality=fjordvik)
    }
    assert len(plan_services) == 3  # measures of three services run at the same time
    assert Meeting.objects.filter(case__municipality=fjordvik, status="planned").count() == 1
    assert Task.objects.filter(kind="evaluation_due", done_at=None).count() == 1
    assert list(verify()) == []


def test_seed_command_refuses_a_second_demo_and_negative_sizes():
    call_command("seed", demo=True, municipalities=3, children=1, verbosity=0)
    with pytest.raises(CommandError, match="The demo municipalities exist already"):
        call_command("seed", demo=True, verbosity=0)
    with pytest.raises(CommandError, match=r"^--children must be zero or more\.$"):
        call_command("seed", children=-1, verbosity=0)
    assert Municipality.objects.filter(name="Fjordvik kommune").count() == 1


def test_the_demo_teacher_has_two_absence_signals_from_an_imported_month():
    from helhet.access import policy
    from helhet.people.models import User as DemoUser
    from helhet.signals.models import AbsenceImport

    generate(municipalities=3, children_per_municipality=40, demo=True)
    teacher = DemoUser.objects.get(email="laerer@fjordvik.example")
    nurse = DemoUser.objects.get(email="helsesykepleier@fjordvik.example")
    imported = AbsenceImport.objects.get()
    assert imported.imported_by.email == "rektor@fjordvik.example"
    assert policy.signals_visible_to(teacher).values("child").distinct().count() == 2
    assert not policy.signals_visible_to(nurse).exists()


def test_the_demo_follow_up_service_has_young_people_on_its_register():
    from helhet.access import policy
    from helhet.people.models import User as DemoUser

    generate(municipalities=3, children_per_municipality=40, demo=True)
    counsellor = DemoUser.objects.get(email="oppfolging@fjordvik.example")
    register = policy.follow_ups_visible_to(counsellor)
    assert register.exists()
    assert register.filter(status="in_contact").count() == 1
    assert not policy.follow_ups_visible_to(
        DemoUser.objects.get(email="laerer@fjordvik.example")
    ).exists()


def test_the_demo_class_is_screened_this_term():
    from helhet.access import policy
    from helhet.people.models import User as DemoUser
    from helhet.screening.models import Rating, RoundChild

    generate(municipalities=3, children_per_municipality=40, demo=True)
    teacher = DemoUser.objects.get(email="laerer@fjordvik.example")
    principal = DemoUser.objects.get(email="rektor@fjordvik.example")
    nurse = DemoUser.objects.get(email="helsesykepleier@fjordvik.example")
    [group] = policy.screening_groups_visible_to(teacher)
    assert policy.screening_groups_visible_to(principal).get() == group
    assert not policy.screening_groups_visible_to(nurse).exists()
    assert Rating.objects.filter(round_child__round__group=group, colour="red").count() == 1
    assert not RoundChild.objects.filter(parents_informed_on__isnull=True).exists()


def test_the_demo_leader_group_sees_counted_indicators():
    from helhet.indicators.models import IndicatorCount
    from helhet.people.models import User as DemoUser

    generate(municipalities=3, children_per_municipality=40, demo=True)
    coordinator = DemoUser.objects.get(email="admin@fjordvik.example")
    assert coordinator.professional.is_leader_group
    assert IndicatorCount.objects.filter(
        municipality=coordinator.professional.municipality, code="concerns_registered"
    ).exists()
    from helhet.indicators.models import IndicatorRefresh, Network

    # Every demo municipality is in the demo's network, counted (the others have no concerns).
    network = Network.objects.get()
    assert network.members.count() == 3
    assert IndicatorRefresh.objects.count() == 3
