"""Serializers of running pathways and of the follow-up register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helhet.api.serializers.base import FreeText, StrictSerializer
from helhet.api.serializers.plans import EnumField
from helhet.core.text import SHORT_TEXT
from helhet.followup.models import (
    ContactKind,
    FollowUpReason,
    FollowUpStatus,
    MeasureKind,
    MeasureOutcome,
)
from helhet.pathways.models import PathwayStatus, PathwaySubject

# What a pathway may follow: exactly one of them.
SUBJECTS = ("signal", "concern", "case")


class PathwayStepSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="step.id")
    key = serializers.CharField(source="step.key")
    title = serializers.CharField(help_text=_("In the request's language."))
    responsible = serializers.CharField(help_text=_("In the request's language."))
    due_on = serializers.DateField(source="step.due_on", allow_null=True)
    done_at = serializers.DateTimeField(source="step.done_at", allow_null=True)
    note = serializers.CharField(source="step.note", allow_blank=True)


class PathwaySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pathway.id")
    name = serializers.CharField(help_text=_("The template's name in the request's language."))
    template = serializers.CharField(source="pathway.template.code")
    version = serializers.IntegerField(source="pathway.template.version")
    subject = EnumField(
        PathwaySubject,
        source="pathway.subject_kind",
        help_text=_("What the pathway follows: its signal, concern or case (the one id given)."),
    )
    signal = serializers.IntegerField(source="pathway.signal_id", allow_null=True)
    concern = serializers.IntegerField(source="pathway.concern_id", allow_null=True)
    case = serializers.IntegerField(source="pathway.case_id", allow_null=True)
    status = EnumField(PathwayStatus, source="pathway.status")
    started_at = serializers.DateTimeField(source="pathway.started_at")
    steps = PathwayStepSerializer(many=True)


class PathwayTemplateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="template.id")
    code = serializers.CharField(source="template.code")
    name = serializers.CharField(help_text=_("The template's name in the request's language."))
    version = serializers.IntegerField(source="template.version")


class PathwayStartInput(StrictSerializer):
    template = serializers.IntegerField(
        min_value=1,
        help_text=_("One of the municipality's current templates (GET /pathway-templates/)."),
    )
    signal = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("The absence signal to follow.")
    )
    concern = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("The concern to follow.")
    )
    case = serializers.IntegerField(
        min_value=1, required=False, allow_null=True, help_text=_("The case to follow.")
    )

    def validate(self, attrs):
        given = [name for name in SUBJECTS if attrs.get(name) is not None]
        if len(given) != 1:
            message = _("Give exactly one of signal, concern or case.")
            raise serializers.ValidationError({name: [message] for name in given or SUBJECTS})
        return attrs


class StepDoneInput(StrictSerializer):
    note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text=_("What was done.")
    )


class FollowUpSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    service = serializers.IntegerField(source="service_id")
    reason = EnumField(FollowUpReason)
    since = serializers.DateField()
    status = EnumField(FollowUpStatus)
    status_since = serializers.DateField()
    counsellor = serializers.IntegerField(source="counsellor_id", allow_null=True)


class FollowUpContactSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = EnumField(ContactKind)
    reached = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class FollowUpMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("For recording what came of it."))
    kind = EnumField(MeasureKind)
    offered_on = serializers.DateField()
    outcome = EnumField(MeasureOutcome)
    outcome_on = serializers.DateField(help_text=_("The outcome holds from this day."))
    note = serializers.CharField(allow_blank=True)


class FollowUpDetailSerializer(FollowUpSerializer):
    contacts = FollowUpContactSerializer(many=True, source="contacts_read")
    measures = FollowUpMeasureSerializer(many=True, source="measures_read")


class FollowUpContactInput(StrictSerializer):
    on = serializers.DateField(help_text=_("The day of the contact (not in the future)."))
    kind = EnumField(ContactKind)
    reached = serializers.BooleanField(
        required=False, default=False, help_text=_("Whether the young person was reached.")
    )
    note = FreeText(max_length=SHORT_TEXT, required=False, allow_blank=True, default="")


class FollowUpStatusInput(StrictSerializer):
    status = EnumField(FollowUpStatus)
    on = serializers.DateField(
        help_text=_("From this day: not in the future, not before the current status began.")
    )


class FollowUpMeasureInput(StrictSerializer):
    kind = EnumField(MeasureKind)
    offered_on = serializers.DateField(help_text=_("Not in the future."))
    note = FreeText(max_length=SHORT_TEXT, required=False, allow_blank=True, default="")


class FollowUpMeasureOutcomeInput(StrictSerializer):
    outcome = EnumField(
        MeasureOutcome,
        help_text=_("An offer is started or declined; a started measure ends."),
    )
    on = serializers.DateField(
        help_text=_("From this day: not in the future, not before its current outcome began.")
    )
