"""Serializers of children (with their guardians) and of concerns and their decisions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helhet.api.serializers.base import FreeText, StrictSerializer
from helhet.cases.models import Concern
from helhet.cases.selectors.concerns import collaboration_levels, concern_services
from helhet.cases.vocabulary import DECISION_CHOICES, WORRY_MAX
from helhet.core.text import LONG_TEXT, NAME, NAME_PART, PHONE, RECORD, SHORT_TEXT
from helhet.directory.models import Service
from helhet.people.models import Child, NetworkPerson, PortalRestriction, Relation
from helhet.tenancy.models import Level

# --- children -----------------------------------------------------------------------------------


class ChildSearchSerializer(StrictSerializer):
    """Find a child exactly: by identity number, or by family name and date of birth."""

    national_id = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_("The national identity number. Leave out to search by name and birth date."),
    )
    family_name = FreeText(required=False, allow_blank=True, max_length=NAME_PART)
    date_of_birth = serializers.DateField(required=False, allow_null=True)


class ChildMatchSerializer(serializers.Serializer):
    """Only what is needed to recognise the child (duplicate prevention)."""

    id = serializers.IntegerField(source="pk")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()


MAX_GUARDIANS = 2


class GuardianWriteSerializer(StrictSerializer):
    name = FreeText(max_length=NAME)
    relation = serializers.ChoiceField(choices=Relation.choices)
    has_parental_responsibility = serializers.BooleanField(default=True)
    phone = FreeText(max_length=PHONE, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    national_id = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=20,
        default=None,
        help_text=_("The guardian's identity number: lets them log in to the family portal."),
    )
    portal_restriction = serializers.ChoiceField(
        choices=PortalRestriction.choices, required=False, allow_blank=True, default=""
    )


class ChildRegisterSerializer(StrictSerializer):
    given_name = FreeText(max_length=NAME_PART)
    family_name = FreeText(max_length=NAME_PART)
    date_of_birth = serializers.DateField()
    national_id = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=20,
        help_text=_("Optional. Fill it in if you know it: it prevents duplicate registrations."),
    )
    guardians = GuardianWriteSerializer(
        many=True, help_text=_("One or two guardians of the child (as on the web page).")
    )

    def validate_guardians(self, value: list) -> list:
        # Checked here, not with min_length/max_length, so that the error names the field.
        if not 1 <= len(value) <= MAX_GUARDIANS:
            raise serializers.ValidationError(_("Give one or two guardians."))
        return value


class NetworkPersonSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True, help_text=_("E-mail address, or empty."))

    class Meta:
        model = NetworkPerson
        fields = [
            "id",
            "name",
            "relation",
            "has_parental_responsibility",
            "lives_with_child",
            "phone",
            "email",
            "address",
            "preferred_language",
            "needs_interpreter",
        ]
        read_only_fields = fields


class ChildSerializer(serializers.ModelSerializer):
    """A child with their guardians and network. The identity number is never shown."""

    network = NetworkPersonSerializer(many=True, read_only=True)
    has_national_id = serializers.SerializerMethodField()

    class Meta:
        model = Child
        fields = [
            "id",
            "given_name",
            "family_name",
            "date_of_birth",
            "has_national_id",
            "created_at",
            "network",
        ]
        read_only_fields = fields

    def get_has_national_id(self, child) -> bool:
        return bool(child.national_id)


# --- concerns -----------------------------------------------------------------------------------


class ConcernPartySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="__str__")


class ConcernChildSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()


class ConcernSerializer(serializers.ModelSerializer):
    child = ConcernChildSerializer(read_only=True)
    service = ConcernPartySerializer(read_only=True)
    registered_by = ConcernPartySerializer(read_only=True, allow_null=True)
    decided_by = ConcernPartySerializer(read_only=True, allow_null=True)
    case = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("The collaboration (case) the concern started, if any."),
    )

    class Meta:
        model = Concern
        fields = [
            "id",
            "child",
            "service",
            "registered_by",
            "registered_at",
            "observation",
            "strengths",
            "child_voice",
            "child_not_asked_reason",
            "worry",
            "decision_due",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "report_content",
            "case",
        ]
        read_only_fields = fields


class ConcernCreateSerializer(StrictSerializer):
    child = serializers.IntegerField(
        min_value=1,
        help_text=_(
            "A child you found by exact search or registered (within a working day), or whose "
            "concern or case you already see."
        ),
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.none(),
        help_text=_("One of your active services. Its leaders will see the concern."),
    )
    observation = FreeText(max_length=LONG_TEXT)
    strengths = FreeText(max_length=LONG_TEXT)
    child_voice = FreeText(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    child_not_asked_reason = FreeText(
        max_length=SHORT_TEXT, required=False, allow_blank=True, default=""
    )
    worry = serializers.IntegerField(min_value=0, max_value=WORRY_MAX)
    decision_due = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Decide by. Default: today plus the municipality's concern decision days."),
    )

    def __init__(self, *args, professional=None, **kwargs):
        super().__init__(*args, **kwargs)
        if professional is not None:
            self.fields["service"].queryset = concern_services(professional=professional)


class ConcernDecideSerializer(StrictSerializer):
    decision = serializers.ChoiceField(choices=[value for value, _label in DECISION_CHOICES])
    note = FreeText(
        max_length=SHORT_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when you close the concern."),
    )
    level = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Level.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("For a collaboration: the number of the level (see the municipality)."),
    )
    report_content = FreeText(
        max_length=RECORD,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("For a report: what you report to child welfare."),
    )

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipality is not None:
            self.fields["level"].queryset = collaboration_levels(municipality)
