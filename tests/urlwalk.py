"""Walking every URL pattern of the project with real objects in its parameters.

Shared by the generated tests that request every page and endpoint: the security headers
(tests/core/test_security_headers.py) and the access log's read events
(tests/audit/test_read_events.py). ``routes()`` lists the URLconf in order; ``url_for(route,
objects)`` fills a route's parameters with ids of ``build_url_scenario()``'s objects
(OBJECTS_BY_ROUTE) or, for the admin's routes, with a real row of the route's model. A new
pattern with parameters fails ``test_every_url_pattern_is_walked_or_listed`` (in the security
headers' tests) until it is filled here or listed in UNREACHABLE with a reason.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from helhet.api.models import ApiToken
from helhet.cases import services as case_services
from helhet.core import clock
from helhet.directory.vocabulary import Sector
from helhet.followup import services as follow_up_services
from helhet.followup.models import FollowUp
from helhet.indicators import services as indicator_services
from helhet.indicators.models import Network, NetworkAdvisor
from helhet.pathways import services as pathway_services
from helhet.pathways.models import PathwayTemplate
from helhet.people.models import Membership, MembershipRole, User
from helhet.plans import services as plan_services
from helhet.plans.services.meetings import DecisionInput
from helhet.reminders.jobs import send_task_email
from helhet.reminders.models import Task
from helhet.retention import services as retention_services
from helhet.screening import services as screening_services
from helhet.signals.models import Enrolment, RuleKind, Signal
from helhet.signals.services import absence_rules_ensure
from helhet.tenancy.models import LifeArea
from tests.api.conftest import token_for
from tests.conftest import give_second_factor
from tests.factories import ChildFactory, ServiceFactory, UserFactory
from tests.scenarios import World, build_world

# Patterns the walk cannot reach with a real object, and why.
UNREACHABLE: dict[str, str] = {
    "work/signals/import/example.csv": (
        "the demo's example attendance file, missing outside the demo: tests/signals/test_views.py"
    ),
    "portal/callback/<slug:provider>/": (
        "the e-ID provider's answer needs a login started in the same session, at a provider "
        "that runs: tests/portal/test_login.py"
    ),
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": (
        "a security key is made by a browser's authenticator: tests/browser/test_security_key.py"
    ),
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": (
        "a security key is made by a browser's authenticator: tests/browser/test_security_key.py"
    ),
    "accounts/sso/<slug:provider>/": (
        "a POST to a municipality's identity provider, which must run: tests/accounts/test_sso.py"
    ),
    "accounts/sso/<slug:provider>/callback/": (
        "the staff provider's answer needs a login started in the same session, at a provider "
        "that runs: tests/accounts/test_sso.py"
    ),
}

# Which objects fill the parameters of each route (the scenario's ``objects`` keys). Routes
# without parameters need no entry; the admin's are filled from the admin's own registry.
_CASE = {"pk": "case"}
OBJECTS_BY_ROUTE: dict[str, dict[str, str]] = {
    # allauth: a key that is well-formed but unknown, which these pages answer themselves.
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": {"key": "bad_key"},
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": {
        "uidb36": "user_b36",
        "key": "bad_key",
    },
    "directory/<int:pk>/": {"pk": "service"},
    "directory/<int:pk>/edit/": {"pk": "service"},
    "work/tasks/<int:pk>/done/": {"pk": "task"},
    "work/concerns/new/child/<int:child_pk>/": {"child_pk": "child"},
    "work/concerns/<int:pk>/": {"pk": "open_concern"},
    "work/concerns/<int:pk>/decide/": {"pk": "open_concern"},
    "work/cases/<int:pk>/": _CASE,
    "work/cases/<int:pk>/log/": _CASE,
    "work/cases/<int:pk>/log/new/": _CASE,
    "work/cases/<int:pk>/log/<int:entry_pk>/correct/": {"pk": "case", "entry_pk": "log_entry"},
    "work/cases/<int:pk>/log/<int:entry_pk>/withhold/": {"pk": "case", "entry_pk": "log_entry"},
    "work/cases/<int:pk>/team/add/": _CASE,
    "work/cases/<int:pk>/team/<int:member_pk>/remove/": {"pk": "case", "member_pk": "member"},
    "work/cases/<int:pk>/consent/new/": _CASE,
    "work/cases/<int:pk>/consent/<int:consent_pk>/withdraw/": {
        "pk": "case",
        "consent_pk": "consent",
    },
    "work/cases/<int:pk>/consent/ask/": _CASE,
    "work/cases/<int:pk>/consent/ask/cancel/": _CASE,
    "work/cases/<int:pk>/lawful-basis/new/": _CASE,
    "work/cases/<int:pk>/level/": _CASE,
    "work/cases/<int:pk>/handover/new/": _CASE,
    "work/cases/<int:pk>/close/": _CASE,
    "work/cases/<int:pk>/access-log/": _CASE,
    "work/handovers/<int:pk>/": {"pk": "handover"},
    "work/cases/<int:pk>/plan/": _CASE,
    "work/cases/<int:pk>/plan/goals/new/": _CASE,
    "work/cases/<int:pk>/plan/goals/<int:goal_pk>/": {"pk": "case", "goal_pk": "goal"},
    "work/cases/<int:pk>/plan/goals/<int:goal_pk>/measures/new/": {
        "pk": "case",
        "goal_pk": "goal",
    },
    "work/cases/<int:pk>/plan/measures/<int:measure_pk>/": {"pk": "case", "measure_pk": "measure"},
    "work/cases/<int:pk>/plan/evaluation-date/": _CASE,
    "work/cases/<int:pk>/plan/evaluations/new/": _CASE,
    "work/cases/<int:pk>/plan/pdf/": _CASE,
    "work/cases/<int:pk>/what-matters/": _CASE,
    "work/cases/<int:pk>/meetings/": _CASE,
    "work/cases/<int:pk>/meetings/new/": _CASE,
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/": {"pk": "case", "meeting_pk": "meeting"},
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/minutes/": {
        "pk": "case",
        "meeting_pk": "planned_meeting",
    },
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/cancel/": {
        "pk": "case",
        "meeting_pk": "planned_meeting",
    },
    "work/cases/<int:pk>/meetings/<int:meeting_pk>/pdf/": {"pk": "case", "meeting_pk": "meeting"},
    "api/v1/^municipalities/(?P<pk>[0-9]+)/$": {"pk": "municipality"},
    "api/v1/^services/(?P<pk>[0-9]+)/$": {"pk": "service"},
    "api/v1/^children/(?P<pk>[0-9]+)/$": {"pk": "child"},
    "api/v1/^concerns/(?P<pk>[0-9]+)/$": {"pk": "open_concern"},
    "api/v1/^concerns/(?P<pk>[0-9]+)/decide/$": {"pk": "open_concern"},
    "api/v1/^cases/(?P<pk>[0-9]+)/$": _CASE,
    "api/v1/cases/<int:case_pk>/team/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/team/<int:pk>/remove/": {"case_pk": "case", "pk": "member"},
    "api/v1/cases/<int:case_pk>/consents/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/consents/<int:pk>/withdraw/": {"case_pk": "case", "pk": "consent"},
    "api/v1/cases/<int:case_pk>/lawful-bases/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/handovers/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/log/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/log/<int:pk>/": {"case_pk": "case", "pk": "log_entry"},
    "api/v1/cases/<int:case_pk>/log/<int:pk>/correct/": {"case_pk": "case", "pk": "log_entry"},
    "api/v1/cases/<int:case_pk>/close/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/level/": {"case_pk": "case"},
    "api/v1/handovers/<int:pk>/": {"pk": "handover"},
    "api/v1/handovers/<int:pk>/accept/": {"pk": "handover"},
    "api/v1/handovers/<int:pk>/reject/": {"pk": "handover"},
    "api/v1/cases/<int:case_pk>/plan/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/plan/evaluation-date/": {"case_pk": "case"},
    "api/v1/cases/<int:case_pk>/plan/pdf/": {"case_pk": "case"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/$": {"case_pk": "case"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/(?P<pk>[0-9]+)/$": {"case_pk": "case", "pk": "goal"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/goals/(?P<pk>[0-9]+)/measures/$": {
        "case_pk": "case",
        "pk": "goal",
    },
    "api/v1/^cases/(?P<case_pk>[0-9]+)/measures/$": {"case_pk": "case"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/measures/(?P<pk>[0-9]+)/$": {
        "case_pk": "case",
        "pk": "measure",
    },
    "api/v1/^cases/(?P<case_pk>[0-9]+)/evaluations/$": {"case_pk": "case"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/evaluations/(?P<pk>[0-9]+)/$": {
        "case_pk": "case",
        "pk": "evaluation",
    },
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/$": {"case_pk": "case"},
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/$": {
        "case_pk": "case",
        "pk": "meeting",
    },
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/cancel/$": {
        "case_pk": "case",
        "pk": "planned_meeting",
    },
    "api/v1/^cases/(?P<case_pk>[0-9]+)/meetings/(?P<pk>[0-9]+)/minutes/$": {
        "case_pk": "case",
        "pk": "planned_meeting",
    },
    "api/v1/^tasks/(?P<pk>[0-9]+)/complete/$": {"pk": "task"},
    "api-tokens/<int:pk>/revoke/": {"pk": "api_token"},
    # The portal: a professional's session is not a citizen's, so these answer with the portal's
    # start page (or 404 for an unknown provider); tests/portal walks them as citizens.
    "portal/login/<slug:provider>/": {"provider": "provider"},
    **{
        f"portal/cases/<int:pk>/{rest}": _CASE
        for rest in (
            "",
            "plan/",
            "meetings/",
            "log/",
            "who-looked/",
            "consent/",
            "consent/withdraw/",
            "consent/answer/",
            "consent/own/",
            "what-matters/",
            "sharing/",
            "copy.json",
            "copy.pdf",
        )
    },
    "portal/cases/<int:pk>/meetings/<int:meeting_pk>.ics": {"pk": "case", "meeting_pk": "meeting"},
    **{f"work/signals/<int:pk>/{rest}": {"pk": "signal"} for rest in ("", "dismiss/", "concern/")},
    "work/signals/rules/<int:pk>/": {"pk": "absence_rule"},
    "work/signals/pupils/<int:pk>/": {"pk": "enrolment"},
    "api/v1/^pathways/(?P<pk>[0-9]+)/$": {"pk": "pathway"},
    "api/v1/^pathways/(?P<pk>[0-9]+)/steps/(?P<step_pk>[0-9]+)/done/$": {
        "pk": "pathway",
        "step_pk": "pathway_step",
    },
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/$": {"pk": "follow_up"},
    **{
        f"api/v1/^follow-ups/(?P<pk>[0-9]+)/{rest}/$": {"pk": "follow_up"}
        for rest in ("contacts", "status", "measures")
    },
    "api/v1/^follow-ups/(?P<pk>[0-9]+)/measures/(?P<measure_pk>[0-9]+)/outcome/$": {
        "pk": "follow_up",
        "measure_pk": "follow_up_measure",
    },
    "api/v1/^signals/(?P<pk>[0-9]+)/$": {"pk": "signal"},
    "work/pathways/start/<int:signal_pk>/": {"signal_pk": "signal"},
    "work/pathways/start/concern/<int:concern_pk>/": {"concern_pk": "open_concern"},
    "work/pathways/start/case/<int:case_pk>/": {"case_pk": "case"},
    **{
        f"work/follow-up/<int:pk>/{rest}": {"pk": "follow_up"}
        for rest in ("", "status/", "contacts/", "measures/", "counsellor/", "concern/")
    },
    "work/follow-up/<int:pk>/measures/<int:measure_pk>/": {
        "pk": "follow_up",
        "measure_pk": "follow_up_measure",
    },
    "work/pathways/templates/<int:pk>.json": {"pk": "pathway_template"},
    "work/pathways/<int:pk>/": {"pk": "pathway"},
    "work/pathways/<int:pk>/stop/": {"pk": "pathway"},
    "work/indicators/self-assessment/<slug:area>/": {"area": "area"},
    **{
        f"work/administration/professionals/<int:pk>/{rest}": {"pk": "colleague"}
        for rest in ("", "membership/", "roles/", "deactivate/", "reactivate/", "resend/")
    },
    "work/administration/professionals/<int:pk>/membership/<int:service_pk>/end/": {
        "pk": "colleague",
        "service_pk": "service",
    },
    "work/administration/invitation/<str:token>/": {"token": "invitation_token"},
    "work/retention/archive/<int:pk>/": {"pk": "archived_case"},
    "work/retention/holds/<int:pk>/lift/": {"pk": "legal_hold"},
    **{
        f"work/indicators/research/<int:pk>/{rest}": {"pk": "research_project"}
        for rest in ("", "approve/", "extract/", "end/")
    },
    **{
        f"work/indicators/networks/<int:pk>/{rest}": {"pk": "network"}
        for rest in ("", "join/", "leave/", "comparison.csv", "comparison.xlsx")
    },
    "work/pathways/<int:pk>/steps/<int:step_pk>/done/": {
        "pk": "pathway",
        "step_pk": "pathway_step",
    },
    "api/v1/^signals/(?P<pk>[0-9]+)/dismiss/$": {"pk": "signal"},
    "api/v1/schools/<int:school_pk>/absence-imports/": {"school_pk": "service"},
    **{
        f"work/screening/groups/<int:pk>/{rest}": {"pk": "screening_group"}
        for rest in ("", "children/", "staff/", "rounds/")
    },
    "work/screening/groups/<int:pk>/children/<int:child_pk>/remove/": {
        "pk": "screening_group",
        "child_pk": "child",
    },
    "work/screening/groups/<int:pk>/staff/<int:professional_pk>/remove/": {
        "pk": "screening_group",
        "professional_pk": "teacher",
    },
    **{
        f"work/screening/rounds/<int:pk>/{rest}": {"pk": "screening_round"}
        for rest in ("", "ratings/", "informed/", "close/")
    },
    **{f"work/screening/talks/<int:pk>/{rest}": {"pk": "round_child"} for rest in ("", "concern/")},
}


# --- The URLconf -------------------------------------------------------------------------------


def routes(patterns=None, prefix: str = "") -> list[str]:
    """Every URL pattern of the project as its full route text, in URLconf order."""
    found: list[str] = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            found.append(prefix + str(entry.pattern))
    return list(dict.fromkeys(found))  # the login is routed twice (ours first, allauth's after)


_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")


def parameters(route: str) -> list[str]:
    return [a or b for a, b in _PARAMETER.findall(route)]


def fill(route: str, values: dict[str, str]) -> str:
    path = _PARAMETER.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)
    return "/" + path.replace("^", "").replace("$", "")


_ADMIN_OBJECT = re.compile(r"^admin/(\w+)/(\w+)/(?:<path:object_id>|<id>)/")


# The admin's own routes with parameters that are not an object of a model.
_ADMIN_SPECIAL = {
    "admin/(?P<url>.*)$": lambda objects: {"url": "no-such-page/"},
    "admin/^(?P<app_label>": lambda objects: {"app_label": "people"},
    "admin/r/<path:content_type_id>/<path:object_id>/": lambda objects: {
        "content_type_id": objects["service_content_type"],
        "object_id": objects["service"],
    },
}


def _admin_special(route: str):
    return next((fill for start, fill in _ADMIN_SPECIAL.items() if route.startswith(start)), None)


def admin_fillable(route: str) -> bool:
    return bool(_admin_special(route) or _ADMIN_OBJECT.match(route) or not parameters(route))


def _admin_values(route: str, objects: dict) -> dict[str, str] | None:
    """The admin's parameters, from the admin's registry: a real object of the route's model."""
    if not route.startswith("admin/"):
        return None
    special = _admin_special(route)
    if special:
        return special(objects)
    names = parameters(route)
    match = _ADMIN_OBJECT.match(route)
    if match is None:
        return {} if not names else None
    model = apps.get_model(*match.groups())
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, f"the scenario has no {model.__name__} for {route}"
    return dict.fromkeys(names, quote(pk))


def url_for(route: str, objects: dict) -> str | None:
    names = parameters(route)
    if not names:
        return fill(route, {})
    admin = _admin_values(route, objects)
    if admin is not None:
        return fill(route, admin)
    if route in OBJECTS_BY_ROUTE:
        keys = OBJECTS_BY_ROUTE[route]
        assert sorted(keys) == sorted(names), (route, names)
        return fill(route, {name: objects[key] for name, key in keys.items()})
    return None


# --- The scenario -------------------------------------------------------------------------------


class UrlScenario(NamedTuple):
    world: World
    operator: User
    objects: dict  # what fills the routes' parameters, by OBJECTS_BY_ROUTE's names


def build_url_scenario() -> UrlScenario:
    """One municipality where the teacher (also the data protection officer, the municipal
    administrator and on the 0–24 leader group) coordinates a case with every kind of object a
    URL can name; and an operator for the admin. Needs the database."""
    world = build_world()
    world.teacher.is_data_protection_officer = True
    world.teacher.is_municipal_admin = True
    world.teacher.is_leader_group = True
    world.teacher.save(
        update_fields=["is_data_protection_officer", "is_municipal_admin", "is_leader_group"]
    )
    case = world.case(consent_for=(world.school, world.health))
    member = case_services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    entry = case_services.log_entry_add(
        case=case, author=world.teacher.user, kind="note", text="Samtale med eleven."
    )
    goal = plan_services.goal_add(
        case=case,
        added_by=world.teacher.user,
        life_area=LifeArea.objects.get(framework__code="nordic", code="learning"),
        text="Jeg vil gå på skolen hver dag.",
        whose_words="child",
        responsible_service=world.school,
    )
    measure = plan_services.measure_add(
        goal=goal,
        added_by=world.teacher.user,
        description="Ukentlig samtale med kontaktlærer.",
        service=world.school,
        responsible=world.teacher,
        starts_on=clock.today(),
        ends_on=None,
        frequency="Ukentlig",
    )
    evaluation = plan_services.evaluation_record(
        case=case,
        recorded_by=world.teacher.user,
        evaluated_on=clock.today(),
        worked="Samtalene.",
        did_not_work="Morgenene.",
        next_steps="Fortsette.",
        team_scale=5,
        child_voice="Det går litt bedre.",
        next_evaluation_due=clock.today() + datetime.timedelta(days=60),
    )

    def plan_meeting(hours: int):
        return plan_services.meeting_plan(
            case=case,
            planned_by=world.teacher.user,
            starts_at=clock.now() + datetime.timedelta(hours=hours),
            duration_minutes=60,
            place="Skolen",
            video_link="",
            agenda="Oppfølging",
            child_takes_part=True,
            guardians=[world.mother],
            professionals=[world.nurse],
        )

    held = plan_meeting(1)
    later = clock.now() + datetime.timedelta(hours=3)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: later)
        plan_services.meeting_record(
            meeting=held,
            recorded_by=world.teacher.user,
            summary="Vi ble enige om frokost på skolen.",
            child_voice="Jeg er sulten om morgenen.",
            child_not_asked_reason="",
            decisions=[
                DecisionInput(
                    text="Ringe foreldrene",
                    responsible=world.teacher,
                    due_on=clock.today() + datetime.timedelta(days=14),
                    outcome="task",
                )
            ],
        )
    planned = plan_meeting(48)
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    open_concern = world.concern()
    token_for(world.teacher, scope="read")
    RecoveryCodes.activate(world.teacher.user)

    operator = UserFactory(is_superuser=True, is_staff=True, email="operator@helhet.test")
    give_second_factor(operator)
    EmailAddress.objects.create(user=operator, email=operator.email, verified=True, primary=True)
    Group.objects.create(name="Drift")

    # The teacher is the child's contact teacher, and the child's absence raised a signal;
    # the school's leader imports its absence records (another page the walk must reach).
    world.teacher.memberships.filter(service=world.school).update(role=MembershipRole.LEADER)
    enrolment = Enrolment.objects.create(
        school=world.school, child=world.child, contact_teacher=world.teacher
    )
    run = [clock.today() - datetime.timedelta(days=n) for n in (14, 13, 12, 11, 10)]
    signal = Signal.objects.create(
        school=world.school,
        child=world.child,
        rule=next(
            r
            for r in absence_rules_ensure(municipality=world.municipality)
            if r.kind == RuleKind.CONSECUTIVE_DAYS
        ),
        key=run[0].isoformat(),
        facts={"from": run[0].isoformat(), "to": run[-1].isoformat(), "days": 5},
    )

    # ... and the teacher put the pupil on the worrying-school-absence pathway.
    pathway_services.pathway_templates_ensure(municipality=world.municipality)
    pathway = pathway_services.pathway_start(
        started_by=world.teacher.user,
        signal_pk=signal.pk,
        template_pk=PathwayTemplate.objects.get(
            municipality=world.municipality, code="worrying-school-absence"
        ).pk,
    )

    # The teacher also leads the follow-up service, whose register has the child on it.
    follow_up_service = ServiceFactory(
        municipality=world.municipality, name="Oppfølgingstjenesten", sector=Sector.FOLLOW_UP
    )
    Membership.objects.create(
        professional=world.teacher, service=follow_up_service, role=MembershipRole.LEADER
    )
    follow_up = FollowUp.objects.create(
        service=follow_up_service,
        child=world.child,
        reason="left",
        since=clock.today(),
        status_since=clock.today(),
    )

    # ... and screens the child's class, where the child is rated red on one area.
    screening_group = screening_services.group_create(
        created_by=world.teacher.user, service_pk=world.school.pk, name="5B"
    )
    screening_services.add_child_to_group(screening_group, world.child)
    screening_round = screening_services.round_open(
        opened_by=world.teacher.user,
        group_pk=screening_group.pk,
        year=clock.today().year,
        term="autumn",
        area_pks=[LifeArea.objects.get(framework__code="nordic", code="safety").pk],
    )
    round_child = screening_round.children.get()
    screening_services.ratings_save(
        rated_by=world.teacher.user,
        round_pk=screening_round.pk,
        ratings={(world.child.pk, screening_round.areas.get().pk): "red"},
    )

    # ... and its municipality compares its figures in a network.
    network = Network.objects.create(name="Ti kommuner")
    indicator_services.network_join(joined_by=world.teacher.user, network_pk=network.pk)
    NetworkAdvisor.objects.create(network=network, user=world.nurse.user, role="Rådgiver")
    research_project = indicator_services.research_project_propose(
        proposed_by=world.teacher.user,
        name="Evaluering",
        purpose="Effekt.",
        period_start=clock.today(),
        period_end=clock.today(),
        fields=["age_years"],
    )

    # ... and keeps the archive, with a closed case of another child archived and on hold.
    archived_concern = case_services.concern_decide(
        concern=world.concern(child=ChildFactory(municipality=world.municipality)),
        decided_by=world.teacher.user,
        decision="collaboration",
        level=world.level(2),
        note="Kort samarbeid.",
    )
    archived_case = case_services.case_close(
        case=archived_concern.case, closed_by=world.teacher.user, reason="Ferdig."
    )
    archived_case.archived_at = clock.now()
    archived_case.save(update_fields=["archived_at"])
    legal_hold = retention_services.place_hold(
        placed_by=world.teacher.user, child_pk=archived_case.child_id, reason="Klagesak."
    )

    task = Task.objects.get(case=case, assignee=world.teacher, done_at__isnull=True)
    send_task_email.enqueue(task.pk)  # a job row for the admin's job pages

    objects = {
        "bad_key": "not-a-real-key",
        "user_b36": user_pk_to_url_str(world.teacher.user),
        "municipality": world.municipality.pk,
        "service": world.school.pk,
        "service_content_type": ContentType.objects.get_for_model(world.school).pk,
        "child": world.child.pk,
        "case": case.pk,
        "archived_case": archived_case.pk,
        "archived_child": archived_case.child_id,
        "legal_hold": legal_hold.pk,
        "open_concern": open_concern.pk,
        "member": member.pk,
        "consent": case.consents.order_by("pk").first().pk,
        "log_entry": entry.pk,
        "handover": handover.pk,
        "goal": goal.pk,
        "measure": measure.pk,
        "evaluation": evaluation.pk,
        "meeting": held.pk,
        "planned_meeting": planned.pk,
        "task": task.pk,
        "api_token": ApiToken.objects.get(user=world.teacher.user).pk,
        "provider": "testid",
        "signal": signal.pk,
        "absence_rule": signal.rule_id,
        "pathway": pathway.pk,
        "follow_up": follow_up.pk,
        "follow_up_measure": follow_up_services.measure_offer(
            offered_by=world.teacher.user,
            pk=follow_up.pk,
            kind="course",
            offered_on=clock.today(),
            note="",
        ).pk,
        "enrolment": enrolment.pk,
        "pathway_step": pathway.steps.get(key="call-home").pk,
        "pathway_template": pathway.template_id,
        "screening_group": screening_group.pk,
        "screening_round": screening_round.pk,
        "round_child": round_child.pk,
        "teacher": world.teacher.pk,
        "area": "early",
        "network": network.pk,
        "research_project": research_project.pk,
        "colleague": world.nurse.pk,  # administered by the teacher (the municipal administrator)
        "invitation_token": "not-a-valid-token",
    }
    return UrlScenario(world, operator, objects)
