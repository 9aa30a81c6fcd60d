"""Serializers of running pathways and of the follow-up register."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from helhet.api.serializers.base import StrictSerializer
from helhet.api.serializers.plans import EnumField
from helhet.followup.models import ContactKind, FollowUpReason, FollowUpStatus
from helhet.pathways.models import PathwayStatus, PathwaySubject


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


class FollowUpDetailSerializer(FollowUpSerializer):
    contacts = FollowUpContactSerializer(many=True, source="contacts_read")
