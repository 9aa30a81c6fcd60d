"""Serializers of tasks (*My work*) and of the access log (the data protection officer's search)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helhet.api.serializers.base import StrictSerializer
from helhet.api.serializers.plans import EnumField
from helhet.people.models import Professional
from helhet.reminders.models import TaskKind


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = EnumField(TaskKind)
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField(
        source="display_text",
        allow_blank=True,
        help_text=_(
            "What a meeting decided, or the system's explanation in the request's language;"
            " empty for other generated tasks."
        ),
    )
    case = serializers.IntegerField(source="case_id", allow_null=True)
    concern = serializers.IntegerField(source="concern_id", allow_null=True)
    pathway_step = serializers.IntegerField(
        source="pathway_step_id",
        allow_null=True,
        help_text=_("The pathway step the task is for (the page /work/pathways/…)."),
    )
    due_on = serializers.DateField()
    created_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)


class EmptyInput(StrictSerializer):
    """No body (or an empty object)."""


class AuditQuery(StrictSerializer):
    """The search's filters: ids and dates only, never names or identity numbers."""

    date_from = serializers.DateField(required=False, help_text=_("From this day (inclusive)."))
    date_to = serializers.DateField(required=False, help_text=_("To this day (inclusive)."))
    actor = serializers.PrimaryKeyRelatedField(
        queryset=Professional.objects.none(),
        required=False,
        help_text=_("The professional's id."),
    )
    action = serializers.ChoiceField(choices=[], required=False, help_text=_("e.g. case.read"))
    case = serializers.IntegerField(required=False, min_value=1, help_text=_("The case's id."))
    page = serializers.IntegerField(required=False, min_value=1)

    def __init__(self, *args, professionals, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = professionals
        self.fields["action"].choices = actions

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"date_to": [_("The end date must not be before the start date.")]}
            )
        return attrs


class ActorSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    professional = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()


@extend_schema_field(ActorSerializer(allow_null=True))
class ActorField(serializers.Field):
    """Who acted: the user, their professional id (the ``actor`` filter) and name; null for
    the system."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, event):
        if event.actor_id is None:
            return None
        professionals = self.context.get("professional_of", {})
        return {
            "user": event.actor_id,
            "professional": professionals.get(event.actor_id),
            "name": str(event.actor) if event.actor else "",
        }


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    actor = ActorField()
    actor_role = serializers.CharField(allow_blank=True)
    service = serializers.IntegerField(source="service_id", allow_null=True)
    service_name = serializers.SerializerMethodField()
    child = serializers.IntegerField(source="child_id", allow_null=True)
    case = serializers.IntegerField(source="case_id", allow_null=True)
    action = serializers.CharField()
    object_type = serializers.CharField(allow_blank=True)
    object_id = serializers.CharField(allow_blank=True)
    purpose = serializers.CharField(allow_blank=True)
    request_id = serializers.CharField(allow_blank=True)

    def get_service_name(self, event) -> str | None:
        return event.service.name if event.service_id and event.service else None


class AuditPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AuditEventSerializer(many=True)
