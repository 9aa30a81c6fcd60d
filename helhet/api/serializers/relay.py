"""Serializers of the relay around a case: team, consent, lawful bases, handovers, the log, and
the case's level and closing.

Output serializers are read-only. Input serializers are strict (unknown fields are refused) and
resolve ids only among objects the actor may name: professionals and services of the actor's
municipality, and for consent the case's own guardians and the municipality's active services
(the same choices as the web page's form). An id outside them is a 400 naming the field; the
rules themselves (coverage by consent, who must consent, …) stay in the services.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helhet.api.serializers.base import FreeText, StrictSerializer, VersionField
from helhet.api.serializers.cases import RefSerializer
from helhet.cases.models import Handover, HandoverStatus, LogEntry, LogKind, TeamMember
from helhet.cases.selectors import case as case_selectors
from helhet.cases.services.log import AUTHORED_KINDS
from helhet.consent.models import (
    Consent,
    ConsentMethod,
    GivenBy,
    LawfulBasis,
    LawfulBasisKind,
)
from helhet.core.text import LINE, LONG_TEXT, RECORD, ROLE, SHORT_TEXT, TEXT
from helhet.directory.models import Service
from helhet.people.models import NetworkPerson, Professional
from helhet.tenancy.models import Level

# --- output ------------------------------------------------------------------------------------


@extend_schema_field(RefSerializer)
class RefField(serializers.Field):
    """A related object as ``{"id": …, "name": …}`` (null when empty)."""

    def __init__(self, *, name_attr: str | None = None, **kwargs):
        kwargs["read_only"] = True
        self.name_attr = name_attr
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        name = getattr(value, self.name_attr) if self.name_attr else str(value)
        return {"id": value.pk, "name": name}


@extend_schema_field(RefSerializer(many=True))
class RefListField(RefField):
    def get_attribute(self, instance):
        return list(getattr(instance, self.source).all())

    def to_representation(self, value):
        return [super(RefListField, self).to_representation(item) for item in value]


def _choice_output(choices, **kwargs) -> serializers.CharField:
    """A read-only choice, documented as its own enum. A choice set shared by a response and a
    request body would be one enum used by two components, whose name collides with any other
    resource's field of the same name (a schema warning); this way each enum belongs to one
    component and is named after it."""
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    field_class = extend_schema_field(schema)(type("ChoiceOutput", (serializers.CharField,), {}))
    return field_class(read_only=True, **kwargs)


class TeamMemberSerializer(serializers.ModelSerializer):
    professional = RefField()
    service = RefField()
    active = serializers.SerializerMethodField(help_text=_("Still on the team."))
    is_coordinator = serializers.SerializerMethodField(
        help_text=_(
            "The case's one coordinator, as the case says now (not stored on the member, so a "
            "handover never leaves two)."
        )
    )

    class Meta:
        model = TeamMember
        fields = [
            "id",
            "professional",
            "service",
            "role_in_case",
            "is_coordinator",
            "joined_at",
            "left_at",
            "left_reason",
            "active",
        ]
        read_only_fields = fields

    def get_active(self, member) -> bool:
        return member.left_at is None

    def get_is_coordinator(self, member) -> bool:
        case = member.case
        return (
            member.left_at is None
            and member.professional_id == case.coordinator_id
            and member.service_id == case.coordinator_service_id
        )


class ConsentSerializer(serializers.ModelSerializer):
    given_by = _choice_output(GivenBy.choices)
    method = _choice_output(ConsentMethod.choices)
    guardians = RefListField(name_attr="name")
    services = RefListField()
    recorded_by = RefField()
    withdrawn_by = RefField(allow_null=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "given_by",
            "guardians",
            "services",
            "purpose",
            "valid_from",
            "valid_until",
            "method",
            "method_note",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_note",
        ]
        read_only_fields = fields


class LawfulBasisSerializer(serializers.ModelSerializer):
    kind = _choice_output(LawfulBasisKind.choices)
    services = RefListField()
    recorded_by = RefField()

    class Meta:
        model = LawfulBasis
        fields = [
            "id",
            "kind",
            "services",
            "justification",
            "recorded_by",
            "recorded_at",
            "ended_at",
        ]
        read_only_fields = fields


class HandoverSerializer(serializers.ModelSerializer):
    status = _choice_output(HandoverStatus.choices)
    proposed_by = RefField()
    from_professional = RefField()
    to_professional = RefField()
    to_service = RefField()

    class Meta:
        model = Handover
        fields = [
            "id",
            "case",
            "status",
            "proposed_by",
            "from_professional",
            "to_professional",
            "to_service",
            "reason",
            "proposed_at",
            "answered_at",
            "answer_note",
        ]
        read_only_fields = fields


class LogEntrySerializer(serializers.ModelSerializer):
    kind = _choice_output(LogKind.choices)
    author = RefField()
    service = RefField()
    text = serializers.CharField(
        source="display_text",
        read_only=True,
        help_text=_(
            "What a person wrote, as written; what the system wrote, in the request's language"
            " (Accept-Language)."
        ),
    )
    corrected_by = serializers.SerializerMethodField(
        help_text=_("Ids of the entries that correct this one, oldest first.")
    )

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "kind",
            "created_at",
            "author",
            "service",
            "text",
            "strengths",
            "worries",
            "flagged",
            "corrects",
            "corrected_by",
        ]
        read_only_fields = fields

    def get_corrected_by(self, entry) -> list[int]:
        return sorted(c.pk for c in entry.corrections.all())


# --- input -------------------------------------------------------------------------------------


class CaseInputSerializer(StrictSerializer):
    """An input about one case: ``context["case"]`` (already checked by the policy) and
    ``context["professional"]`` (the actor) limit which ids it accepts."""

    @property
    def case(self):
        return self.context["case"]

    @property
    def municipality_id(self) -> int:
        return self.context["case"].municipality_id

    def _municipality_professionals(self):
        return Professional.objects.filter(municipality_id=self.municipality_id).select_related(
            "user"
        )

    def _municipality_services(self):
        return Service.objects.filter(municipality_id=self.municipality_id)


class TeamAddSerializer(CaseInputSerializer):
    professional = serializers.PrimaryKeyRelatedField(
        queryset=Professional.objects.none(), help_text=_("Who joins the team.")
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.none(),
        help_text=_(
            "The service they act for in the case; it must be covered by consent or a lawful basis."
        ),
    )
    role_in_case = FreeText(max_length=ROLE, required=False, allow_blank=True, default="")
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["professional"].queryset = self._municipality_professionals()
            self.fields["service"].queryset = self._municipality_services()


class TeamRemoveSerializer(StrictSerializer):
    reason = FreeText(max_length=LINE)
    version = VersionField()


class ConsentRecordSerializer(CaseInputSerializer):
    given_by = serializers.ChoiceField(choices=GivenBy.choices)
    guardians = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=NetworkPerson.objects.none(),
        required=False,
        default=list,
        help_text=_("The child's guardians (with parental responsibility) who consented."),
    )
    services = serializers.PrimaryKeyRelatedField(
        many=True,
        allow_empty=False,
        queryset=Service.objects.none(),
        help_text=_("Active services of the municipality that the consent covers."),
    )
    purpose = FreeText(max_length=TEXT)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    method_note = FreeText(
        max_length=SHORT_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required for oral consent: how and when it was given."),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["guardians"].child_relation.queryset = case_selectors.consenting_guardians(
                case=self.case
            )
            self.fields["services"].child_relation.queryset = case_selectors.municipality_services(
                case=self.case
            )


class ConsentWithdrawSerializer(StrictSerializer):
    note = FreeText(
        max_length=SHORT_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("For example: who withdrew the consent, and how."),
    )


class LawfulBasisRecordSerializer(CaseInputSerializer):
    kind = serializers.ChoiceField(choices=LawfulBasisKind.choices)
    services = serializers.PrimaryKeyRelatedField(
        many=True, allow_empty=False, queryset=Service.objects.none()
    )
    justification = FreeText(
        max_length=LONG_TEXT,
        help_text=_(
            "Why the information must be shared without consent. Visible to the whole team and "
            "to the data protection officer."
        ),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["services"].child_relation.queryset = case_selectors.municipality_services(
                case=self.case
            )


class HandoverProposeSerializer(CaseInputSerializer):
    to_professional = serializers.PrimaryKeyRelatedField(
        queryset=Professional.objects.none(), help_text=_("Who should take over as coordinator.")
    )
    to_service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.none(),
        help_text=_("Their service; it must be covered by consent or a lawful basis."),
    )
    reason = FreeText(max_length=SHORT_TEXT, required=False, allow_blank=True, default="")
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["to_professional"].queryset = self._municipality_professionals()
            self.fields["to_service"].queryset = self._municipality_services()


class HandoverAcceptSerializer(StrictSerializer):
    """Accepting takes no fields."""


class HandoverRejectSerializer(StrictSerializer):
    reason = FreeText(
        max_length=SHORT_TEXT,
        help_text=_("Why you say no. The coordinator sees it and can ask someone else."),
    )


class LogEntryAddSerializer(StrictSerializer):
    kind = serializers.ChoiceField(
        choices=[(k.value, k.label) for k in LogKind if k in AUTHORED_KINDS]
    )
    text = FreeText(max_length=RECORD)
    strengths = FreeText(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    worries = FreeText(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class LogCorrectSerializer(StrictSerializer):
    text = FreeText(
        max_length=RECORD,
        help_text=_(
            "The correction. The log is never changed: it is added as a new entry that refers "
            "to the one it corrects."
        ),
    )


class LevelChangeSerializer(CaseInputSerializer):
    level = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Level.objects.none(),
        help_text=_("The number of the new level in the municipality's level model."),
    )
    reason = FreeText(max_length=SHORT_TEXT)
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.context:
            self.fields["level"].queryset = case_selectors.case_levels(case=self.case)


class CaseCloseSerializer(StrictSerializer):
    reason = FreeText(max_length=SHORT_TEXT)
    version = VersionField()
