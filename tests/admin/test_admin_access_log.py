"""The Django admin writes the access log (ADR 0014).

Generated from ``admin.site._registry``: every registered model is audited or declared not
personal, and every audited model's change list, change, history and delete pages write exactly
the expected events, found by the data protection officer's search of that municipality. A
model registered later gets these tests without anyone picking it; the world below fails loudly
when it holds no rows of it.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helhet.audit import selectors
from helhet.audit.admin import NOT_PERSONAL, AuditedAdminMixin, check_admin_audited, compact_ids
from helhet.audit.models import AuditEvent
from helhet.cases.models import Concern
from helhet.core import clock
from helhet.indicators.models import Network, NetworkAdvisor
from helhet.people.models import Child, Professional, User
from helhet.reminders.models import Task
from helhet.reminders.services import task_create_for_decision
from helhet.tenancy.models import Municipality
from tests.conftest import give_second_factor
from tests.factories import ChildFactory, ProfessionalFactory
from tests.querycount import assert_same_count
from tests.scenarios import World, build_world

pytestmark = pytest.mark.django_db

AUDITED = sorted(
    model._meta.label_lower
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, AuditedAdminMixin)
)


def admin_of(label: str) -> tuple[type[models.Model], AuditedAdminMixin]:
    model = apps.get_model(label)
    return model, admin.site._registry[model]


def url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


# --- the world: two municipalities with rows of every audited model ---------------------------


@dataclasses.dataclass
class Place:
    world: World
    officer: Professional  # the data protection officer

    @property
    def municipality(self) -> Municipality:
        return self.world.municipality


def populate(*, rows: int) -> Place:
    """A municipality with at least ``rows`` rows of every audited model."""
    world = build_world()
    municipality = world.municipality
    officer = ProfessionalFactory(municipality=municipality, is_data_protection_officer=True)
    give_second_factor(officer.user)
    for _ in range(rows):
        ChildFactory(municipality=municipality)
        give_second_factor(ProfessionalFactory(municipality=municipality).user)
        world.concern(decision_due=clock.today() + datetime.timedelta(days=1))  # task and job
    case = world.case()
    task_create_for_decision(
        case=case,
        assignee=world.teacher,
        text="Følg opp",
        due_on=clock.today() + datetime.timedelta(days=1),
        key=f"decision:test:{case.pk}",
    )
    # A network's advisors: professionals here who also advise a network (their login belongs
    # to the municipality).
    network, _created = Network.objects.get_or_create(name="Nettverket")
    for professional in Professional.objects.filter(municipality=municipality)[:rows]:
        NetworkAdvisor.objects.create(network=network, user=professional.user)
    for professional in Professional.objects.filter(municipality=municipality):
        EmailAddress.objects.create(
            user=professional.user, email=professional.user.email, primary=True, verified=True
        )
    return Place(world=world, officer=officer)


def rows_in(label: str, municipality: Municipality) -> list:
    """The pks of the model's rows that belong to the municipality, as its admin declares."""
    model, model_admin = admin_of(label)
    scopes = model_admin.audit_scopes(model._default_manager.all())
    return sorted(
        (pk for pk, scope in scopes.items() if scope.municipality_id == municipality.pk), key=str
    )


@pytest.fixture
def operator(client):
    user = User.objects.create_superuser(email="ops@drift.example", password="x-9-long-pw")
    give_second_factor(user)
    client.force_login(user)
    return user


@pytest.fixture
def two_places():
    return populate(rows=2), populate(rows=2)


def new_events(since: int):
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def last_event_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def found_by_officer(place: Place, event: AuditEvent) -> bool:
    page = selectors.audit_search(
        fetched_by=place.officer.user,
        filters=selectors.AuditFilters(action=event.action),
        page_number=1,
    )
    return event.pk in {e.pk for e in page.object_list}


# --- every model is audited or declared -------------------------------------------------------


def test_every_registered_model_is_audited_or_declared_not_personal():
    assert check_admin_audited() == []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        assert isinstance(model_admin, AuditedAdminMixin) != (label in NOT_PERSONAL), label
    assert set(NOT_PERSONAL) <= {m._meta.label_lower for m in admin.site._registry}
    # What the issue names is audited, including the third-party admins.
    assert {
        "people.child",
        "people.user",
        "people.professional",
        "reminders.task",
        "account.emailaddress",
        "mfa.authenticator",
        "django_tasks_database.dbtaskresult",
    } <= set(AUDITED)


def test_a_newly_registered_model_cannot_escape_unnoticed():
    admin.site.register(Concern)  # a plain ModelAdmin, as someone might add one
    try:
        [error] = check_admin_audited()
    finally:
        admin.site.unregister(Concern)
    assert (error.id, "cases.concern" in error.msg) == ("helhet.A001", True)


def test_no_autocomplete_serves_personal_data():
    # The admin's autocomplete endpoint is not audited: it may only serve non-personal models.
    targets = set()
    for model_admin in admin.site._registry.values():
        for holder in [model_admin, *model_admin.get_inline_instances(_Request())]:
            for name in holder.get_autocomplete_fields(_Request()):
                field = holder.model._meta.get_field(name)
                targets.add(field.remote_field.model._meta.label_lower)
    assert targets <= set(NOT_PERSONAL)


class _Request:
    class user:  # stands for request.user of a superuser
        is_active = is_superuser = is_staff = True

        @staticmethod
        def has_perm(*args, **kwargs):
            return True


def test_the_world_holds_rows_of_every_audited_model():
    place = populate(rows=2)
    for label in AUDITED:
        assert len(rows_in(label, place.municipality)) >= 2, f"populate() makes no {label} rows"


# --- change lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("label", AUDITED)
def test_a_change_list_records_one_event_per_municipality_shown(
    label, client, operator, two_places
):
    model, model_admin = admin_of(label)
    before = last_event_pk()

    response = client.get(url(model, "changelist"))

    assert response.status_code == 200
    shown = [row.pk for row in response.context["cl"].result_list]
    scopes = model_admin.audit_scopes(model._default_manager.filter(pk__in=shown))
    expected = {}
    for pk, scope in scopes.items():
        expected.setdefault(scope.municipality_id, []).append(pk)
    events = new_events(before)
    assert sorted((e.municipality_id or 0) for e in events) == sorted((m or 0) for m in expected)
    for event in events:
        pks = expected[event.municipality_id]
        assert (event.action, event.actor_id, event.actor_role) == (
            "admin.list",
            operator.pk,
            "operator",
        )
        assert (event.object_type, event.object_id) == (
            model._meta.model_name,
            compact_ids(pks, 40),
        )
        assert event.purpose.startswith(f"admin change list: {model._meta.model_name} ")
    for place in two_places:
        [event] = [e for e in events if e.municipality_id == place.municipality.pk]
        assert found_by_officer(place, event)
        other = next(p for p in two_places if p is not place)
        assert not found_by_officer(other, event)


# Measured, the same for a page of 2 rows as of 10 (tests/querycount.py).
CHANGE_LIST_QUERIES = {
    "account.emailaddress": 12,
    "django_tasks_database.dbtaskresult": 15,
    "indicators.networkadvisor": 13,
    "mfa.authenticator": 12,
    "people.child": 13,
    "people.professional": 13,
    "people.user": 13,
    "reminders.task": 13,
}


@pytest.mark.parametrize("label", AUDITED)
def test_a_change_list_runs_as_many_queries_for_10_rows_as_for_2(
    label, client, operator, monkeypatch
):
    place = populate(rows=10)
    # The operator's own login and authenticator belong to the same municipality here, so both
    # pages show rows of one municipality (one event each).
    ProfessionalFactory(user=operator, municipality=place.municipality)
    model, model_admin = admin_of(label)
    assert len(rows_in(label, place.municipality)) >= 10
    counts = {}
    for per_page in (2, 10):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        before = last_event_pk()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(model, "changelist"))
        assert len(response.context["cl"].result_list) == per_page
        assert [e.action for e in new_events(before)] == ["admin.list"]
        counts[per_page] = len(queries)
    assert label in CHANGE_LIST_QUERIES, f"measure {label}'s change list: {counts}"
    assert_same_count(counts, expected=CHANGE_LIST_QUERIES[label])


# --- change, history and delete pages ------------------------------------------------------------


def one_object(label: str, place: Place):
    model, _admin = admin_of(label)
    return model._default_manager.get(pk=rows_in(label, place.municipality)[0])


def assert_one_read(label, obj, place, events, operator, page: str):
    model, model_admin = admin_of(label)
    scope = model_admin.audit_scopes(model._default_manager.filter(pk=obj.pk))[obj.pk]
    [event] = events
    assert (event.action, event.actor_id, event.actor_role, event.municipality_id) == (
        "admin.read",
        operator.pk,
        "operator",
        place.municipality.pk,
    )
    assert (event.object_type, event.object_id) == (model._meta.model_name, str(obj.pk))
    assert (event.child_id, event.case_id) == (scope.child_id, scope.case_id)
    assert event.purpose == f"admin {page}: {model._meta.model_name} {obj.pk}"
    assert found_by_officer(place, event)


@pytest.mark.parametrize("label", AUDITED)
def test_a_change_page_records_one_read(label, client, operator, two_places):
    place = two_places[0]
    obj = one_object(label, place)
    before = last_event_pk()

    response = client.get(url(type(obj), "change", quote(obj.pk)))

    assert response.status_code == 200
    assert_one_read(label, obj, place, new_events(before), operator, "change page")


@pytest.mark.parametrize("label", AUDITED)
def test_a_history_page_records_one_read(label, client, operator, two_places):
    place = two_places[1]
    obj = one_object(label, place)
    before = last_event_pk()

    response = client.get(url(type(obj), "history", quote(obj.pk)))

    assert response.status_code == 200
    assert_one_read(label, obj, place, new_events(before), operator, "history page")


@pytest.mark.parametrize("label", AUDITED)
def test_a_delete_page_records_one_read_or_is_refused(label, client, operator, two_places):
    place = two_places[0]
    obj = one_object(label, place)
    model, model_admin = admin_of(label)
    before = last_event_pk()

    response = client.get(url(model, "delete", quote(obj.pk)))

    if model_admin.has_delete_permission(_Request(), obj):
        assert response.status_code == 200
        assert_one_read(label, obj, place, new_events(before), operator, "delete page")
    else:
        assert response.status_code == 403
        assert new_events(before) == []


# --- where rows belong: the declarations ---------------------------------------------------------


def test_events_name_the_child_and_the_case(client, operator):
    place = populate(rows=1)
    world = place.world
    child_task = Task.objects.filter(municipality=world.municipality, case__isnull=False).first()
    concern_task = Task.objects.filter(municipality=world.municipality, case__isnull=True).first()
    expected = {
        (Child, world.child.pk): (world.child.pk, None),
        (Task, child_task.pk): (child_task.case.child_id, child_task.case_id),
        (Task, concern_task.pk): (concern_task.concern.child_id, None),
        (User, world.teacher.user_id): (None, None),
    }
    for (model, pk), (child_id, case_id) in expected.items():
        before = last_event_pk()
        assert client.get(url(model, "change", pk)).status_code == 200
        [event] = new_events(before)
        assert (event.municipality_id, event.child_id, event.case_id) == (
            world.municipality.pk,
            child_id,
            case_id,
        ), model


def test_an_operators_own_rows_go_to_the_global_chain(client, operator):
    before = last_event_pk()
    assert client.get(url(User, "change", operator.pk)).status_code == 200
    [event] = new_events(before)
    assert (event.municipality_id, event.chain) == (None, "global")


def test_a_job_belongs_where_its_reminder_task_belongs(client, operator):
    from django_tasks_db.models import DBTaskResult

    place = populate(rows=1)
    task = Task.objects.filter(municipality=place.municipality).first()
    job = next(j for j in DBTaskResult.objects.all() if j.args_kwargs["args"] == [task.pk])
    before = last_event_pk()
    assert client.get(url(DBTaskResult, "change", quote(job.pk))).status_code == 200
    [event] = new_events(before)
    assert (event.municipality_id, event.case_id, event.object_id) == (
        place.municipality.pk,
        task.case_id,
        str(job.pk),
    )


def test_the_authenticator_page_shows_no_secret(client, operator):
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=operator)
    page = client.get(url(Authenticator, "change", authenticator.pk)).content.decode()
    assert "JBSWY3DPEHPK3PXP" not in page


# --- writes -------------------------------------------------------------------------------------


def child_form(child, **changes) -> dict:
    data = {
        "given_name": child.given_name,
        "family_name": child.family_name,
        "date_of_birth": child.date_of_birth.isoformat(),
        "national_id": child.national_id or "",
        "network-TOTAL_FORMS": "0",
        "network-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_saved_change_records_the_change_and_no_read(client, operator):
    place = populate(rows=1)
    child = place.world.child
    before = last_event_pk()

    response = client.post(url(Child, "change", child.pk), child_form(child, given_name="Nytt"))

    assert response.status_code == 302
    [event] = new_events(before)
    assert (event.action, event.municipality_id, event.child_id, event.object_id) == (
        "admin.change",
        place.municipality.pk,
        child.pk,
        str(child.pk),
    )
    assert found_by_officer(place, event)


def test_a_refused_change_records_a_read(client, operator):
    place = populate(rows=1)
    child = place.world.child
    before = last_event_pk()

    response = client.post(url(Child, "change", child.pk), child_form(child, given_name=""))

    assert response.status_code == 200  # the form again, with the child's data
    assert [(e.action, e.child_id) for e in new_events(before)] == [("admin.read", child.pk)]
    child.refresh_from_db()
    assert child.given_name != ""


def test_adding_a_child_records_the_creation(client, operator):
    place = populate(rows=1)
    before = last_event_pk()
    data = child_form(ChildFactory.build(), municipality=place.municipality.pk)

    response = client.post(url(Child, "add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    child = Child.objects.order_by("-pk").first()
    assert [(e.action, e.municipality_id, e.child_id) for e in new_events(before)] == [
        ("admin.create", place.municipality.pk, child.pk)
    ]


def test_deleting_a_child_records_the_deletion(client, operator):
    place = populate(rows=1)
    child = ChildFactory(municipality=place.municipality)
    before = last_event_pk()

    response = client.post(url(Child, "delete", child.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Child.objects.filter(pk=child.pk).exists()
    assert [(e.action, e.municipality_id, e.child_id) for e in new_events(before)] == [
        ("admin.delete", place.municipality.pk, child.pk)
    ]


def test_a_bulk_delete_records_the_action_and_the_deletions_per_municipality(
    client, operator, two_places
):
    first, second = two_places
    children = [
        ChildFactory(municipality=first.municipality),
        ChildFactory(municipality=first.municipality),
        ChildFactory(municipality=second.municipality),
    ]
    pks = [c.pk for c in children]
    selection = {"action": "delete_selected", "_selected_action": pks}

    before = last_event_pk()
    confirm = client.post(url(Child, "changelist"), selection)
    assert confirm.status_code == 200  # the confirmation page lists the children
    events = new_events(before)
    assert sorted((e.action, e.municipality_id) for e in events) == sorted(
        [("admin.action", first.municipality.pk), ("admin.action", second.municipality.pk)]
    )
    [one] = [e for e in events if e.municipality_id == second.municipality.pk]
    assert (one.child_id, one.object_id) == (pks[2], str(pks[2]))
    [two] = [e for e in events if e.municipality_id == first.municipality.pk]
    assert (two.child_id, two.object_id) == (None, compact_ids(pks[:2], 40))

    before = last_event_pk()
    done = client.post(url(Child, "changelist"), {**selection, "post": "yes"})
    assert done.status_code == 302
    assert not Child.objects.filter(pk__in=pks).exists()
    assert sorted((e.action, e.municipality_id) for e in new_events(before)) == sorted(
        [
            ("admin.action", first.municipality.pk),
            ("admin.action", second.municipality.pk),
            ("admin.delete", first.municipality.pk),
            ("admin.delete", second.municipality.pk),
        ]
    )


def test_a_password_page_records_a_read_and_a_set_password_a_change(client, operator):
    place = populate(rows=1)
    user = place.world.nurse.user
    page = reverse("admin:auth_user_password_change", args=[user.pk])

    before = last_event_pk()
    assert client.get(page).status_code == 200
    assert [(e.action, e.municipality_id) for e in new_events(before)] == [
        ("admin.read", place.municipality.pk)
    ]

    before = last_event_pk()
    response = client.post(
        page,
        {"password1": "a-new-9-long-pw", "password2": "a-new-9-long-pw", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [(e.action, e.object_id) for e in new_events(before)] == [("admin.change", str(user.pk))]


# --- the ids ------------------------------------------------------------------------------------


def test_compact_ids_keeps_ranges_and_says_how_many_it_left_out():
    assert compact_ids([3, 1, 2, 7], 40) == "1-3,7"
    assert compact_ids(["b", "a"], 40) == "a,b"
    assert compact_ids(range(0, 100, 2), 20) == "0,2,4,6,8,10,12,+43"
    assert len(compact_ids(range(0, 1000, 2), 40)) <= 40
    assert compact_ids(["x" * 50], 40) == "+1"


def test_a_task_action_records_the_action_next_to_its_own_event(client, operator):
    from helhet.reminders.models import EmailState

    place = populate(rows=1)
    task = Task.objects.filter(municipality=place.municipality).first()
    Task.objects.filter(pk=task.pk).update(email_state=EmailState.FAILED, email_attempts=5)
    before = last_event_pk()

    response = client.post(
        url(Task, "changelist"), {"action": "retry_email", "_selected_action": [task.pk]}
    )

    assert response.status_code == 302
    assert sorted((e.action, e.municipality_id, e.object_id) for e in new_events(before)) == [
        ("admin.action", place.municipality.pk, str(task.pk)),
        ("task.email_retry", place.municipality.pk, str(task.pk)),
    ]
