"""Serializers of the municipality (its jurisdiction profile) and of the service directory."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helhet.api.serializers.base import FreeText, PageParams, StrictSerializer
from helhet.core.text import KEYWORDS, LINE, NAME, PHONE, ROLE, SEARCH, SHORT_TEXT, TEXT
from helhet.directory.models import MAX_AGE, ContactPerson, Service
from helhet.directory.vocabulary import Need, Sector
from helhet.tenancy.models import Municipality
from helhet.tenancy.selectors import life_areas_of

# --- municipality -------------------------------------------------------------------------------


class LevelOfModelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class LevelModelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    levels = LevelOfModelSerializer(many=True, source="levels.all")


class LifeAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class MunicipalitySerializer(serializers.ModelSerializer):
    level_model = LevelModelSerializer(read_only=True)
    life_areas = serializers.SerializerMethodField(
        help_text=_("The life areas of the municipality's wellbeing framework (plan goals).")
    )

    class Meta:
        model = Municipality
        fields = [
            "id",
            "name",
            "country",
            "default_language",
            "level_model",
            "consent_age",
            "joint_consent_until_age",
            "concern_decision_days",
            "handover_reminder_days",
            "life_areas",
        ]
        read_only_fields = fields

    @extend_schema_field(LifeAreaSerializer(many=True))
    def get_life_areas(self, municipality) -> list[dict]:
        return LifeAreaSerializer(life_areas_of(municipality), many=True).data


# --- services (read) ----------------------------------------------------------------------------


class ContactPersonSerializer(serializers.ModelSerializer):
    email = serializers.CharField(read_only=True, help_text=_("E-mail address, or empty."))

    class Meta:
        model = ContactPerson
        fields = ["id", "name", "role", "phone", "email", "ask_me_about", "position"]
        read_only_fields = fields


class ServiceSerializer(serializers.ModelSerializer):
    needs = serializers.SerializerMethodField(
        help_text=_("Codes of the needs the service helps with.")
    )
    email = serializers.CharField(read_only=True, help_text=_("E-mail address, or empty."))
    website = serializers.CharField(read_only=True, help_text=_("Web address, or empty."))

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "sector",
            "description",
            "needs",
            "min_age",
            "max_age",
            "is_low_threshold",
            "how_to_get_in_touch",
            "phone",
            "email",
            "address",
            "website",
            "opening_hours",
            "keywords",
            "is_active",
            "updated_at",
        ]
        read_only_fields = fields

    def get_needs(self, service) -> list[str]:
        return [n.need for n in service.needs.all()]


class ServiceDetailSerializer(ServiceSerializer):
    contacts = ContactPersonSerializer(many=True, read_only=True)

    class Meta(ServiceSerializer.Meta):
        fields = [*ServiceSerializer.Meta.fields, "contacts"]
        read_only_fields = fields


class DirectoryQuerySerializer(PageParams):
    """The directory's filters, as query parameters (never personal data)."""

    q = FreeText(
        required=False, allow_blank=True, max_length=SEARCH, help_text=_("Free text, word by word.")
    )
    need = serializers.ChoiceField(
        choices=Need.choices, required=False, help_text=_("Only services helping with this need.")
    )
    sector = serializers.ChoiceField(
        choices=Sector.choices, required=False, help_text=_("Only services of this sector.")
    )
    age = serializers.IntegerField(
        min_value=0,
        max_value=MAX_AGE,
        required=False,
        help_text=_("Only services for a child or young person of this age."),
    )
    drop_in = serializers.BooleanField(
        required=False, help_text=_("Only drop-in / low-threshold offers.")
    )
    include_inactive = serializers.BooleanField(
        required=False,
        help_text=_("Also services no longer active (municipal administrators only)."),
    )


# --- services (write) ---------------------------------------------------------------------------


MAX_CONTACTS = 30  # as the web page's formset


class ContactPersonWriteSerializer(StrictSerializer):
    id = serializers.IntegerField(
        required=False,
        help_text=_("An existing contact person of this service; leave out for a new one."),
    )
    name = FreeText(max_length=NAME)
    role = FreeText(max_length=ROLE, required=False, allow_blank=True, default="")
    phone = FreeText(max_length=PHONE, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    ask_me_about = FreeText(max_length=KEYWORDS, required=False, allow_blank=True, default="")


class ServiceWriteSerializer(StrictSerializer):
    """A directory entry. On PATCH, fields left out keep their value; ``contacts``, if given, is
    the complete new list of contact persons (in order), and ``needs`` the complete set."""

    name = FreeText(max_length=NAME)
    sector = serializers.ChoiceField(choices=Sector.choices)
    description = FreeText(max_length=TEXT)
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=Need.choices), required=False, max_length=40
    )
    min_age = serializers.IntegerField(min_value=0, max_value=MAX_AGE, required=False)
    max_age = serializers.IntegerField(min_value=0, max_value=MAX_AGE, required=False)
    is_low_threshold = serializers.BooleanField(required=False)
    how_to_get_in_touch = FreeText(max_length=SHORT_TEXT, required=False, allow_blank=True)
    phone = FreeText(max_length=PHONE, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = FreeText(max_length=LINE, required=False, allow_blank=True)
    website = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opening_hours = FreeText(max_length=LINE, required=False, allow_blank=True)
    keywords = FreeText(max_length=KEYWORDS, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
    contacts = ContactPersonWriteSerializer(many=True, required=False)

    def validate_contacts(self, value: list) -> list:
        # Checked here, not with max_length, so that the error names the field.
        if len(value) > MAX_CONTACTS:
            raise serializers.ValidationError(
                _("At most %(n)s contact persons.") % {"n": MAX_CONTACTS}
            )
        ids = [c["id"] for c in value if "id" in c]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("A contact person is listed twice."))
        return value
