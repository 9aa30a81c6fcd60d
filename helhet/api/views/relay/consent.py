"""Consent and lawful bases of a case."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from helhet.api.serializers.relay import (
    ConsentRecordSerializer,
    ConsentSerializer,
    ConsentWithdrawSerializer,
    LawfulBasisRecordSerializer,
    LawfulBasisSerializer,
)
from helhet.api.views.base import ERRORS, WRITE_ERRORS
from helhet.api.views.relay.common import (
    CaseListMixin,
    created,
)
from helhet.api.views.scoped import CaseScopedViewSet
from helhet.cases.selectors import case as selectors
from helhet.consent import services as consent_services
from helhet.consent.models import Consent, LawfulBasis

# --- consent and lawful bases ------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The case's consents, newest first (withdrawn and expired ones included)",
        responses={200: ConsentSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Record a consent",
        description=(
            "Any team member may record a consent the family gave them. Who must consent "
            "depends on the child's age and the municipality's consent age."
        ),
        request=ConsentRecordSerializer,
        responses={201: ConsentSerializer, **WRITE_ERRORS},
    ),
    withdraw=extend_schema(
        summary="Withdraw a consent",
        description=(
            "Takes effect at once: services the consent no longer covers lose access to the "
            "case. Refused while the coordinator's service would lose access."
        ),
        request=ConsentWithdrawSerializer,
        responses={200: ConsentSerializer, **WRITE_ERRORS},
    ),
)
class ConsentViewSet(CaseListMixin, CaseScopedViewSet):
    serializer_class = ConsentSerializer
    model = Consent
    read_purpose = "api consents"

    def case_queryset(self, case):
        return selectors.case_consents(case=case)

    def create(self, request, *args, **kwargs):
        case = self.case_for("record_consent")
        data = self.parse(ConsentRecordSerializer, case)
        consent = consent_services.consent_record(
            case=case,
            recorded_by=request.user,
            given_by=data["given_by"],
            guardians=list(data["guardians"]),
            services=list(data["services"]),
            purpose=data["purpose"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            method=data["method"],
            method_note=data["method_note"],
            expected_version=data.get("version"),
        )
        return created(ConsentSerializer(consent).data)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        case = self.case_for("record_consent")
        consent = selectors.case_consent_or_404(case=case, consent_pk=kwargs["pk"])
        data = self.parse(ConsentWithdrawSerializer)
        consent = consent_services.consent_withdraw(
            consent=consent, withdrawn_by=request.user, note=data["note"]
        )
        return Response(ConsentSerializer(consent).data)


@extend_schema_view(
    list=extend_schema(
        summary="The case's lawful bases for sharing without consent",
        responses={200: LawfulBasisSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Record a lawful basis for sharing without consent",
        description=(
            "For the coordinator, or a leader of the coordinator's service. Flagged in the log "
            "for the team and in the access log for the data protection officer."
        ),
        request=LawfulBasisRecordSerializer,
        responses={201: LawfulBasisSerializer, **WRITE_ERRORS},
    ),
)
class LawfulBasisViewSet(CaseListMixin, CaseScopedViewSet):
    serializer_class = LawfulBasisSerializer
    model = LawfulBasis
    read_purpose = "api lawful bases"

    def case_queryset(self, case):
        return selectors.case_lawful_bases(case=case)

    def create(self, request, *args, **kwargs):
        case = self.case_for("lead")
        data = self.parse(LawfulBasisRecordSerializer, case)
        basis = consent_services.lawful_basis_record(
            case=case,
            recorded_by=request.user,
            kind=data["kind"],
            services=list(data["services"]),
            justification=data["justification"],
            expected_version=data.get("version"),
        )
        return created(LawfulBasisSerializer(basis).data)
