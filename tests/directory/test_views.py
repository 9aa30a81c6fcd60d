"""HTTP tests for every directory view: allowed, denied and cross-municipality."""

from __future__ import annotations

import pytest
from django.urls import reverse

from helhet.directory.models import Service
from helhet.directory.vocabulary import Need, Sector
from helhet.people.models import MembershipRole
from tests.conftest import give_second_factor
from tests.factories import ContactPersonFactory, ProfessionalFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pro(service=None, *, role=MembershipRole.STAFF, admin=False, municipality=None):
    if service is not None:
        professional = ProfessionalFactory.in_service(service, role=role, is_municipal_admin=admin)
    else:
        professional = ProfessionalFactory(municipality=municipality, is_municipal_admin=admin)
    give_second_factor(professional.user)
    return professional


@pytest.fixture
def school():
    service = ServiceFactory(
        name="Fjellet skole", sector=Sector.SCHOOL, needs=[Need.SCHOOL_ABSENCE]
    )
    ContactPersonFactory(service=service, name="Siri Sosiallærer", ask_me_about="skolefravær")
    return service


@pytest.fixture
def outsider(school):
    """A professional of another municipality."""
    return _pro(ServiceFactory())


def _form_data(**overrides):
    data = {
        "name": "Nytt tilbud",
        "sector": Sector.FAMILY_CENTRE,
        "description": "Hjelp til familier.",
        "needs": [Need.PARENTING],
        "min_age": "0",
        "max_age": "18",
        "is_active": "on",
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
        "contacts-0-name": "Kari Kontakt",
        "contacts-0-role": "Familieterapeut",
        "contacts-0-phone": "",
        "contacts-0-email": "kari@test.example",
        "contacts-0-ask_me_about": "foreldreveiledning",
    }
    data.update(overrides)
    return data


# --- anonymous ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["directory:index", "directory:create"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_anonymous_is_sent_to_login_from_service_pages(client, school):
    for name in ("directory:service", "directory:edit"):
        response = client.get(reverse(name, args=[school.pk]))
        assert response.status_code == 302


# --- browse and view ---------------------------------------------------------------------------


def test_professional_browses_and_finds_contact_person(client, school):
    client.force_login(_pro(school).user)
    response = client.get(reverse("directory:index"), {"q": "school absence"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Fjellet skole" in content
    assert "Siri Sosiallærer" in content


def test_htmx_request_gets_only_the_results_fragment(client, school):
    client.force_login(_pro(school).user)
    response = client.get(
        reverse("directory:index"),
        {"q": "fjellet"},
        headers={"HX-Request": "true", "HX-Target": "directory-results"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="directory-results"')
    assert "<html" not in content
    assert "Fjellet skole" in content


def test_invalid_filter_input_is_shown_not_crashed(client, school):
    client.force_login(_pro(school).user)
    response = client.get(reverse("directory:index"), {"age": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def test_only_admins_can_list_inactive_services(client, school):
    ServiceFactory(municipality=school.municipality, name="Nedlagt tilbud", is_active=False)
    staff = _pro(school)
    client.force_login(staff.user)
    staff_page = client.get(reverse("directory:index"), {"inactive": "on"}).content.decode()
    assert "Nedlagt tilbud" not in staff_page
    admin = _pro(municipality=school.municipality, admin=True)
    client.force_login(admin.user)
    admin_page = client.get(reverse("directory:index"), {"inactive": "on"}).content.decode()
    assert "Nedlagt tilbud" in admin_page


def test_service_detail_shows_contacts(client, school):
    client.force_login(_pro(school).user)
    response = client.get(reverse("directory:service", args=[school.pk]))
    assert response.status_code == 200
    assert "Siri Sosiallærer" in response.content.decode()


def test_other_municipality_gets_404_on_detail_and_never_sees_the_service(client, school, outsider):
    client.force_login(outsider.user)
    assert client.get(reverse("directory:service", args=[school.pk])).status_code == 404
    listing = client.get(reverse("directory:index")).content.decode()
    assert "Fjellet skole" not in listing


def test_missing_and_forbidden_look_the_same(client, school, outsider):
    client.force_login(outsider.user)
    forbidden = client.get(reverse("directory:service", args=[school.pk]))
    missing = client.get(reverse("directory:service", args=[school.pk + 10_000]))
    assert forbidden.status_code == missing.status_code == 404

    def main(response):
        content = response.content.decode()
        return content[content.index("<main") : content.index("</main>")]

    assert main(forbidden) == main(missing)


def test_user_without_professional_profile_cannot_browse(client, school):
    user = UserFactory()
    give_second_factor(user)
    client.force_login(user)
    assert client.get(reverse("directory:index")).status_code == 404
    assert client.get(reverse("directory:service", args=[school.pk])).status_code == 404


def test_deactivated_account_loses_access(client, school):
    professional = _pro(school)
    client.force_login(professional.user)
    professional.user.is_active = False
    professional.user.save()
    response = client.get(reverse("directory:index"))
    assert response.status_code == 302  # logged out by Django's auth on inactive users


# --- create -----------------------------------------------------------------------------------


def test_municipal_admin_creates_a_service_with_contact(client, school):
    admin = _pro(municipality=school.municipality, admin=True)
    client.force_login(admin.user)
    response = client.post(reverse("directory:create"), _form_data())
    service = Service.objects.get(name="Nytt tilbud")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:service", args=[service.pk])
    assert service.municipality == school.municipality
    assert list(service.contacts.values_list("name", flat=True)) == ["Kari Kontakt"]
    assert list(service.needs.values_list("need", flat=True)) == [Need.PARENTING]


def test_create_with_bad_input_keeps_what_was_typed_and_saves_nothing(client, school):
    admin = _pro(municipality=school.municipality, admin=True)
    client.force_login(admin.user)
    response = client.post(
        reverse("directory:create"),
        _form_data(min_age="18", max_age="12", **{"contacts-0-email": "not-an-email"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "The upper age must not be lower than the lower age." in content
    assert "Enter a valid email address." in content
    assert 'value="Nytt tilbud"' in content
    assert 'value="Kari Kontakt"' in content
    assert not Service.objects.filter(name="Nytt tilbud").exists()


def test_duplicate_name_in_same_municipality_is_refused(client, school):
    admin = _pro(municipality=school.municipality, admin=True)
    client.force_login(admin.user)
    response = client.post(reverse("directory:create"), _form_data(name="fjellet SKOLE"))
    assert response.status_code == 200
    assert "already has a service with this name" in response.content.decode()
    assert Service.objects.filter(municipality=school.municipality).count() == 1


def test_staff_and_leaders_cannot_create(client, school):
    for role in (MembershipRole.STAFF, MembershipRole.LEADER):
        client.force_login(_pro(school, role=role).user)
        assert client.get(reverse("directory:create")).status_code == 404
        assert client.post(reverse("directory:create"), _form_data()).status_code == 404
    assert not Service.objects.filter(name="Nytt tilbud").exists()


# --- edit -------------------------------------------------------------------------------------


def test_admin_edits_and_removes_a_contact(client, school):
    admin = _pro(municipality=school.municipality, admin=True)
    client.force_login(admin.user)
    contact = school.contacts.get()
    response = client.post(
        reverse("directory:edit", args=[school.pk]),
        _form_data(
            name="Fjellet skole",
            sector=Sector.SCHOOL,
            **{
                "contacts-TOTAL_FORMS": "1",
                "contacts-INITIAL_FORMS": "1",
                "contacts-0-id": str(contact.pk),
                "contacts-0-DELETE": "on",
            },
        ),
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.contacts.count() == 0
    assert school.sector == Sector.SCHOOL


def test_service_leader_edits_own_service_but_not_another(client, school):
    leader = _pro(school, role=MembershipRole.LEADER)
    other = ServiceFactory(municipality=school.municipality, name="Annen tjeneste")
    client.force_login(leader.user)
    assert client.get(reverse("directory:edit", args=[school.pk])).status_code == 200
    assert client.get(reverse("directory:edit", args=[other.pk])).status_code == 404
    response = client.post(reverse("directory:edit", args=[other.pk]), _form_data(name="Kapret"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Annen tjeneste"


def test_staff_cannot_edit(client, school):
    client.force_login(_pro(school).user)
    assert client.get(reverse("directory:edit", args=[school.pk])).status_code == 404


def test_admin_of_other_municipality_cannot_edit(client, school):
    foreign_admin = _pro(ServiceFactory(), admin=True)
    client.force_login(foreign_admin.user)
    response = client.post(reverse("directory:edit", args=[school.pk]), _form_data(name="Kapret"))
    assert response.status_code == 404
    school.refresh_from_db()
    assert school.name == "Fjellet skole"
