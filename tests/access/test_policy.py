"""Property test: the predicates and the querysets of the access policy agree."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from helhet.access import policy
from helhet.directory.models import Service
from helhet.people.models import Membership
from tests.factories import MunicipalityFactory, ProfessionalFactory, ServiceFactory, UserFactory

ROLES = st.sampled_from(["none", "staff", "leader"])


class PolicyAgreement(HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        services_per_municipality=st.lists(st.integers(0, 3), min_size=1, max_size=3),
        actor_home=st.integers(0, 2),
        is_admin=st.booleans(),
        is_active=st.booleans(),
        has_profile=st.booleans(),
        roles=st.lists(ROLES, min_size=9, max_size=9),
    )
    def test_predicates_and_querysets_agree(
        self, services_per_municipality, actor_home, is_admin, is_active, has_profile, roles
    ):
        municipalities = [MunicipalityFactory() for _ in services_per_municipality]
        services = [
            ServiceFactory(municipality=m)
            for m, count in zip(municipalities, services_per_municipality, strict=True)
            for _ in range(count)
        ]
        home = municipalities[actor_home % len(municipalities)]
        if has_profile:
            professional = ProfessionalFactory(municipality=home, is_municipal_admin=is_admin)
            user = professional.user
            for service, role in zip(services, roles, strict=False):
                if role != "none" and service.municipality_id == home.pk:
                    Membership.objects.create(professional=professional, service=service, role=role)
        else:
            user = UserFactory()
        user.is_active = is_active
        user.save()
        user = type(user).objects.get(pk=user.pk)  # no cached profile

        visible = set(policy.services_visible_to(user).values_list("pk", flat=True))
        for service in Service.objects.all():
            assert (service.pk in visible) == policy.can_view_service(user, service)
            # Whoever may edit may also view; nobody edits outside their municipality.
            if policy.can_edit_service(user, service):
                assert service.pk in visible
                assert service.municipality_id == home.pk
        assert policy.can_browse_directory(user) == (has_profile and is_active)
        assert policy.can_create_service(user) == (has_profile and is_active and is_admin)


@pytest.mark.django_db
def test_get_service_or_404_hides_other_municipalities():
    from django.http import Http404

    service = ServiceFactory()
    stranger = ProfessionalFactory(municipality=MunicipalityFactory())
    # A bare 404 (no message): forbidden and missing are the same answer, so compare them.
    with pytest.raises(Http404) as forbidden:
        policy.get_service_or_404(stranger.user, service.pk)
    with pytest.raises(Http404) as missing:
        policy.get_service_or_404(stranger.user, 999_999)
    assert forbidden.value.args == missing.value.args == ()
    colleague = ProfessionalFactory(municipality=service.municipality)
    assert policy.get_service_or_404(colleague.user, service.pk) == service
