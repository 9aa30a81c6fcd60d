"""Municipal administration in Helhet's own pages: invitations (one-time, expiring, never to an
address of another municipality), services and roles, deactivation that is refused while the
person holds work and then ends access at once, reactivation, and the jurisdiction profile with
its history. Only the municipality's own administrator gets in; every change is recorded."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from helhet.administration import services
from helhet.administration.models import Invitation, ProfileChange
from helhet.audit.models import AuditEvent
from helhet.cases import services as case_services
from helhet.cases.models import TeamMember
from helhet.core import clock
from helhet.core.errors import DomainError
from helhet.people.models import MembershipRole, User
from tests.scenarios import build_world

pytestmark = pytest.mark.django_db

PASSWORD = "Fjelltur-i-regn-2026!"
LINK = re.compile(r"/work/administration/invitation/([A-Za-z0-9_-]+)/")


@pytest.fixture
def world():
    world = build_world()
    world.head_teacher.is_municipal_admin = True
    world.head_teacher.save(update_fields=["is_municipal_admin"])
    return world


def admin(world) -> User:
    return User.objects.get(pk=world.head_teacher.user_id)


def invite(world, email="ny.helsesykepleier@kommune.example", **kwargs):
    return services.professional_invite(
        invited_by=admin(world),
        email=email,
        name=kwargs.pop("name", "Nina Ny"),
        service_pk=kwargs.pop("service_pk", world.health.pk),
        **kwargs,
    )


def sent_token(mailoutbox) -> str:
    return LINK.search(mailoutbox[-1].body).group(1)


def test_an_invitation_is_mailed_once_without_names_and_accepted_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        nurse = invite(world, title="Helsesykepleier", role=MembershipRole.STAFF)
    assert not nurse.user.is_active and not nurse.user.has_usable_password()
    assert list(nurse.memberships.values_list("service", "role")) == [(world.health.pk, "staff")]
    [mail] = mailoutbox
    assert mail.to == ["ny.helsesykepleier@kommune.example"]
    assert "Nina" not in mail.body and world.municipality.name in mail.body
    token = sent_token(mailoutbox)
    assert Invitation.objects.get().token_hash != token  # only its hash is stored
    with pytest.raises(DomainError) as weak:
        services.invitation_accept(token=token, password="kort")
    assert weak.value.field == "password"
    user = services.invitation_accept(token=token, password=PASSWORD)
    assert user.is_active and user.check_password(PASSWORD)
    with pytest.raises(DomainError, match="used, expired or withdrawn"):
        services.invitation_accept(token=token, password=PASSWORD)
    assert AuditEvent.objects.filter(action="administration.invite").count() == 1
    assert AuditEvent.objects.filter(action="administration.invitation.accept").count() == 1


def test_an_expired_or_replaced_link_does_not_work(
    world, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        nurse = invite(world)
    first = sent_token(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(sent_by=admin(world), professional_pk=nurse.pk)
    second = sent_token(mailoutbox)
    assert services.invitation_for(first) is None  # replaced
    later = clock.now() + datetime.timedelta(days=8)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert services.invitation_for(second) is None  # a week has passed
    with pytest.raises(DomainError, match="expired"):
        services.invitation_accept(token=second, password=PASSWORD)


def test_an_address_of_another_municipality_or_of_a_colleague_is_refused(world):
    other = build_world()
    with pytest.raises(DomainError, match="cannot be invited") as foreign:
        invite(world, email=other.nurse.user.email)
    assert other.municipality.name not in foreign.value.message  # nothing about the other
    with pytest.raises(DomainError, match="already works here"):
        invite(world, email=world.nurse.user.email.upper())
    with pytest.raises(DomainError, match="active service"):
        invite(world, service_pk=other.health.pk)
    assert not Invitation.objects.exists()


def test_deactivation_is_refused_while_they_coordinate_and_then_ends_access_at_once(world, client):
    case = world.case(consent_for=(world.school, world.health))
    with pytest.raises(DomainError, match="handed over first"):
        services.professional_deactivate(
            deactivated_by=admin(world), professional_pk=world.teacher.pk
        )
    holdings = services.holdings_of(world.teacher)
    assert holdings.cases == [case.pk]
    # The teacher hands the case to the nurse, who accepts.
    case_services.team_member_add(
        case=case, added_by=world.teacher.user, professional=world.nurse, service=world.health
    )
    handover = case_services.handover_propose(
        case=case,
        proposed_by=world.teacher.user,
        to_professional=world.nurse,
        to_service=world.health,
    )
    assert services.holdings_of(world.nurse).handovers == [case.pk]
    case_services.handover_accept(handover=handover, accepted_by=world.nurse.user)
    client.force_login(world.teacher.user)
    case_url = reverse("cases:case", args=[case.pk])
    assert client.get(case_url).status_code == 200
    services.professional_deactivate(deactivated_by=admin(world), professional_pk=world.teacher.pk)
    assert client.get(case_url).status_code in (302, 404)  # logged out: the login page
    assert TeamMember.objects.get(case=case, professional=world.teacher).left_at is not None
    assert not User.objects.get(pk=world.teacher.user_id).is_active
    with pytest.raises(DomainError, match="not active"):
        services.professional_deactivate(
            deactivated_by=admin(world), professional_pk=world.teacher.pk
        )
    services.professional_reactivate(reactivated_by=admin(world), professional_pk=world.teacher.pk)
    assert User.objects.get(pk=world.teacher.user_id).is_active
    assert AuditEvent.objects.filter(action="administration.deactivate").count() == 1
    assert AuditEvent.objects.filter(action="administration.reactivate").count() == 1


def test_a_concern_waiting_for_a_decision_holds_them_and_their_meeting_tasks_pass_on(world):
    from helhet.reminders.models import Task, TaskKind

    concern = world.concern(registered_by=world.nurse.user, service=world.health)
    assert services.holdings_of(world.nurse).concerns == [concern.pk]
    with pytest.raises(DomainError, match="handed over first"):
        services.professional_deactivate(
            deactivated_by=admin(world), professional_pk=world.nurse.pk
        )
    case_services.concern_decide(
        concern=concern, decided_by=world.nurse.user, decision="closed", note="Ingen uro."
    )
    # A meeting decided that the nurse calls the parents, on the teacher's case.
    case = world.case(consent_for=(world.school, world.health))
    task = Task.objects.create(
        municipality=world.municipality,
        kind=TaskKind.DECISION,
        key="decision:test",
        assignee=world.nurse,
        case=case,
        text="Ringe foreldrene",
        due_on=clock.today(),
        remind_on=clock.today(),
        created_at=clock.now(),
    )
    services.professional_deactivate(deactivated_by=admin(world), professional_pk=world.nurse.pk)
    task.refresh_from_db()
    assert task.assignee == world.teacher and task.done_at is None


def test_services_and_roles_change_and_the_admin_keeps_their_own_role(world):
    services.membership_set(
        changed_by=admin(world),
        professional_pk=world.teacher.pk,
        service_pk=world.ppt.pk,
        role=MembershipRole.LEADER,
    )
    with pytest.raises(DomainError, match="only service"):
        services.membership_end(
            changed_by=admin(world), professional_pk=world.nurse.pk, service_pk=world.health.pk
        )
    services.membership_end(
        changed_by=admin(world), professional_pk=world.teacher.pk, service_pk=world.school.pk
    )  # moved to PPT
    assert list(world.teacher.memberships.values_list("service", "role")) == [
        (world.ppt.pk, "leader")
    ]
    services.roles_set(
        changed_by=admin(world),
        professional_pk=world.nurse.pk,
        is_municipal_admin=False,
        is_data_protection_officer=True,
        is_leader_group=True,
    )
    world.nurse.refresh_from_db()
    assert world.nurse.is_data_protection_officer and world.nurse.is_leader_group
    with pytest.raises(DomainError, match="your own administrator role"):
        services.roles_set(
            changed_by=admin(world),
            professional_pk=world.head_teacher.pk,
            is_municipal_admin=False,
            is_data_protection_officer=False,
            is_leader_group=False,
        )


def test_the_profile_is_checked_and_its_history_kept(world):
    with pytest.raises(DomainError) as late:
        services.profile_update(changed_by=admin(world), values={"concern_decision_days": 400})
    assert late.value.field == "concern_decision_days"
    with pytest.raises(DomainError, match="joint consent"):
        services.profile_update(
            changed_by=admin(world), values={"consent_age": 16, "joint_consent_until_age": 15}
        )
    assert not ProfileChange.objects.exists()  # nothing half-written
    change = services.profile_update(
        changed_by=admin(world), values={"concern_decision_days": 10, "portal_age": 13}
    )
    before = build_world().municipality.concern_decision_days  # the default
    assert change.changes == {"concern_decision_days": [before, 10]}  # the unchanged left out
    assert services.profile_update(changed_by=admin(world), values={"portal_age": 13}) is None
    event = AuditEvent.objects.get(action="administration.profile")
    assert event.purpose == "concern_decision_days"


def test_the_pages_are_the_municipal_administrators(world, client):
    other = build_world()
    other.head_teacher.is_municipal_admin = True
    other.head_teacher.save(update_fields=["is_municipal_admin"])
    pages = [
        reverse("administration:index"),
        reverse("administration:invite"),
        reverse("administration:profile"),
        reverse("administration:professional", args=[world.teacher.pk]),
    ]
    client.force_login(world.teacher.user)  # staff, not an administrator
    for url in pages:
        assert client.get(url).status_code == 404, url
    client.force_login(other.head_teacher.user)  # another municipality's administrator
    assert client.get(pages[-1]).status_code == 404
    assert (
        client.post(reverse("administration:deactivate", args=[world.nurse.pk])).status_code == 404
    )
    client.force_login(admin(world))
    listing = client.get(pages[0]).content.decode()
    assert world.nurse.user.email in listing and other.nurse.user.email not in listing
    assert world.child.family_name not in listing
    detail = client.get(pages[-1])
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(action="administration.professional.read").count() == 1


def test_inviting_through_the_page_keeps_what_was_typed_on_an_error(world, client):
    client.force_login(admin(world))
    response = client.post(
        reverse("administration:invite"),
        {
            "email": world.nurse.user.email,
            "name": "Nina Ny",
            "title": "",
            "service": world.health.pk,
            "role": "staff",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "already works here" in page
    assert 'value="Nina Ny"' in page


def test_the_link_leaves_the_address_bar_and_sets_the_password(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(world)
    token = sent_token(mailoutbox)
    response = client.get(reverse("administration:accept", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("administration:accept_form")  # no token in it
    form = client.get(response["Location"]).content.decode()
    assert "ny.helsesykepleier@kommune.example" in form
    response = client.post(
        reverse("administration:accept_form"),
        {"password1": PASSWORD, "password2": "something else"},
    )
    assert "The two passwords differ." in response.content.decode()
    response = client.post(
        reverse("administration:accept_form"), {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    for used in (token, "nonsense"):  # used, or never sent: the same page, nothing more
        page = client.get(reverse("administration:accept", args=[used])).content.decode()
        assert "This link is used, expired or withdrawn." in page


def staff_csv(*rows: str) -> bytes:
    return ("email,name,title,service,role\n" + "\n".join(rows) + "\n").encode()


def test_a_staff_file_is_checked_whole_dry_run_first_and_imported_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from helhet.administration import staff_import

    other = build_world()
    good = staff_csv(
        "ola@kommune.example,Ola Ny,Lærer,Skolen,staff",
        "kari@kommune.example,Kari Ny,,Helsestasjonen,leader",
        f"{world.nurse.user.email},Sykepleier,,Helsestasjonen,",  # there already
    )
    bad = staff_csv(
        "ola@kommune.example,Ola Ny,Lærer,Skolen,staff",
        "not-an-address,Feil,,Skolen,staff",
        "ola@kommune.example,Ola To,,Skolen,staff",
        "per@kommune.example,Per,,Tannlegen,staff",
        f"{other.nurse.user.email},Fra en annen kommune,,Skolen,staff",
        "liv@kommune.example,Liv,,Skolen,boss",
    )
    with pytest.raises(staff_import.StaffImportRefused) as refused:
        staff_import.staff_import(imported_by=admin(world), raw=bad, dry_run=True)
    assert [line for line, _what in refused.value.result.problems] == [3, 4, 5, 6, 7]
    assert "the same e-mail address as line 2" in dict(refused.value.result.problems)[4]
    assert other.municipality.name not in str(refused.value.result.problems)
    with pytest.raises(staff_import.StaffImportRefused):  # the real run refuses it too
        staff_import.staff_import(imported_by=admin(world), raw=bad, dry_run=False)
    dry = staff_import.staff_import(imported_by=admin(world), raw=good, dry_run=True)
    assert (dry.invited, dry.unchanged) == (
        [(2, "ola@kommune.example"), (3, "kari@kommune.example")],
        [(4, world.nurse.user.email)],
    )
    assert not User.objects.filter(email="ola@kommune.example").exists()  # nothing saved
    with django_capture_on_commit_callbacks(execute=True):
        done = staff_import.staff_import(imported_by=admin(world), raw=good, dry_run=False)
    assert len(done.invited) == 2 and len(mailoutbox) == 2
    kari = User.objects.get(email="kari@kommune.example").professional
    assert list(kari.memberships.values_list("service", "role")) == [(world.health.pk, "leader")]
    again = staff_import.staff_import(imported_by=admin(world), raw=good, dry_run=False)
    assert again.invited == [] and len(again.unchanged) == 3  # the same file: nothing new


def test_the_import_page_shows_the_dry_run(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin(world))
    upload = SimpleUploadedFile(
        "ansatte.csv", staff_csv("ola@kommune.example,Ola Ny,,Skolen,staff"), "text/csv"
    )
    page = client.post(
        reverse("administration:import"), {"file": upload, "dry_run": "on"}
    ).content.decode()
    assert "The dry run: nothing is saved" in page and "ola@kommune.example" in page
    assert not User.objects.filter(email="ola@kommune.example").exists()
    client.force_login(world.teacher.user)
    assert client.get(reverse("administration:import")).status_code == 404


def test_every_change_through_the_pages_is_the_own_administrators(world, client):
    """Each POST of the professional's page and the profile form: staff and another
    municipality's administrator get 404 and change nothing; the administrator's change is
    saved and its message shown."""
    other = build_world()
    other.head_teacher.is_municipal_admin = True
    other.head_teacher.save(update_fields=["is_municipal_admin"])
    nurse = world.nurse.pk
    posts = [
        (
            reverse("administration:membership", args=[nurse]),
            {"service": world.ppt.pk, "role": "leader"},
            "The service is saved.",
        ),
        (
            reverse("administration:membership_end", args=[nurse, world.ppt.pk]),
            {},
            "They no longer work in that service.",
        ),
        (
            reverse("administration:roles", args=[nurse]),
            {"is_leader_group": "on"},
            "The roles are saved.",
        ),
        (reverse("administration:deactivate", args=[nurse]), {}, "Deactivated"),
        (reverse("administration:reactivate", args=[nurse]), {}, "Active again"),
    ]
    for outsider in (world.teacher.user, other.head_teacher.user):
        client.force_login(outsider)
        for url, data, _done in posts:
            assert client.post(url, data).status_code == 404, url
    # The profile form is always one's own municipality's: staff get 404.
    client.force_login(world.teacher.user)
    assert client.get(reverse("administration:profile")).status_code == 404
    assert client.post(reverse("administration:profile"), {}).status_code == 404
    world.nurse.refresh_from_db()
    assert not world.nurse.is_leader_group
    assert list(world.nurse.memberships.values_list("service", flat=True)) == [world.health.pk]
    client.force_login(admin(world))
    for url, data, done in posts:
        response = client.post(url, data, follow=True)
        assert done in response.content.decode(), url
    world.nurse.refresh_from_db()
    assert world.nurse.is_leader_group and world.nurse.user.is_active
    # A refused change comes back as the page's message, nothing saved.
    response = client.post(
        reverse("administration:resend", args=[nurse]), follow=True
    ).content.decode()
    assert "has accepted already" in response


def test_the_profile_page_keeps_what_was_typed_and_shows_the_history(world, client):
    from helhet.tenancy.models import Municipality

    client.force_login(admin(world))
    page = client.get(reverse("administration:profile"))
    form = page.context["form"]
    data = {
        name: (value.pk if hasattr(value, "pk") else value)
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    refused = client.post(reverse("administration:profile"), {**data, "portal_age": "40"})
    assert refused.status_code == 200 and 'value="40"' in refused.content.decode()
    assert Municipality.objects.get(pk=world.municipality.pk).portal_age != 40
    saved = client.post(
        reverse("administration:profile"), {**data, "concern_decision_days": "10"}, follow=True
    ).content.decode()
    assert "The profile is saved." in saved and "concern_decision_days" in saved
    client.force_login(build_world().head_teacher.user)  # a leader, not an administrator
    assert client.get(reverse("administration:profile")).status_code == 404
