"""Serializers of the plan (goals, measures, evaluations) and the team's meetings.

Reads show what the plan pages show; write inputs carry what the plan forms carry. Related ids
are resolved only among the case's municipality (or the case itself), so an id from elsewhere is
a validation error naming the field; the rules themselves are the services' (422 when refused).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helhet.api.serializers.base import FreeText, PageParams, StrictSerializer, VersionField
from helhet.api.serializers.cases import RefSerializer
from helhet.core.text import FREQUENCY, LINE, LONG_TEXT, RECORD, SHORT_TEXT, TEXT
from helhet.directory.models import Service
from helhet.people.models import NetworkPerson, Professional
from helhet.plans.models import (
    DecisionOutcome,
    Goal,
    GoalStatus,
    MeasureStatus,
    MeetingStatus,
    WhoseWords,
)
from helhet.plans.selectors.meetings import meeting_guardian_choices
from helhet.tenancy.models import LifeArea


class EnumField(serializers.ChoiceField):
    """A choice among a ``TextChoices`` class, documented as its own named enum
    (``<Class>Enum``), so that ``status`` of a goal and of a meeting stay apart in the schema."""

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        choices_class = self.target.choices_class
        name = f"{choices_class.__name__}Enum"
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema={
                "type": "string",
                "enum": list(choices_class.values),
                "description": "\n".join(
                    f"* `{value}` - {label}" for value, label in choices_class.choices
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def _ref(obj) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, "name", None) or str(obj)}


@extend_schema_field(RefSerializer(allow_null=True))
class RefField(serializers.Field):
    """A related object (the attribute of the field's name) as ``{id, name}``, or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return _ref(value)


# --- the plan document (today, or as it was on a date) -----------------------------------------


class MeasureDocSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    service = serializers.CharField(help_text=_("The service's name when the plan was stored."))
    responsible = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    frequency = serializers.CharField(allow_blank=True)
    status = EnumField(MeasureStatus)


class GoalDocSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.CharField(help_text=_("The life area's name."))
    text = serializers.CharField()
    whose_words = EnumField(WhoseWords)
    responsible_service = serializers.CharField()
    status = EnumField(GoalStatus)
    measures = MeasureDocSerializer(many=True)


class EvaluationFields(serializers.Serializer):
    """What an evaluation says, in the plan document and as a resource."""

    id = serializers.IntegerField()
    evaluated_on = serializers.DateField()
    worked = serializers.CharField()
    did_not_work = serializers.CharField()
    next_steps = serializers.CharField()
    child_scale = serializers.IntegerField(allow_null=True)
    team_scale = serializers.IntegerField()
    child_voice = serializers.CharField(allow_blank=True)
    child_not_asked_reason = serializers.CharField(allow_blank=True)
    is_final = serializers.BooleanField()


class EvaluationDocSerializer(EvaluationFields):
    recorded_by = serializers.CharField()


class OverviewMeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    goal = serializers.IntegerField(source="goal_id")
    description = serializers.CharField()
    service = RefField()
    responsible = RefField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    status = EnumField(MeasureStatus)


class OngoingMeasureSerializer(serializers.Serializer):
    measure = OverviewMeasureSerializer()
    overlaps = serializers.SerializerMethodField(
        help_text=_("Ids of the other services' measures running in the same period.")
    )
    running_today = serializers.BooleanField()

    def get_overlaps(self, ongoing) -> list[int]:
        return [m.pk for m in ongoing.overlaps]


class OverviewSerializer(serializers.Serializer):
    """The measures running at the same time, side by side, and what is coming up."""

    ongoing = OngoingMeasureSerializer(many=True)
    services_today = serializers.ListField(child=serializers.CharField())
    next_meeting = serializers.SerializerMethodField()
    meetings_without_minutes = serializers.IntegerField()
    active_goals = serializers.IntegerField()
    evaluation_due = serializers.DateField(allow_null=True)
    evaluation_overdue = serializers.BooleanField()

    def get_next_meeting(self, overview) -> dict | None:
        meeting = overview.next_meeting
        if meeting is None:
            return None
        return {
            "id": meeting.pk,
            "starts_at": serializers.DateTimeField().to_representation(meeting.starts_at),
        }


class SnapshotSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    taken_at = serializers.DateTimeField()
    taken_by = serializers.CharField()
    change = serializers.CharField()


class PlanSerializer(serializers.Serializer):
    """The plan document. With ``on``, the plan as it stood at the end of that day: then
    ``overview`` and ``history`` are null and ``snapshot`` tells which stored change it is."""

    case = serializers.IntegerField()
    version = serializers.IntegerField(help_text=_("The case's version, to send with changes."))
    on = serializers.DateField(allow_null=True)
    snapshot = SnapshotSerializer(allow_null=True)
    evaluation_due = serializers.DateField(allow_null=True)
    goals = GoalDocSerializer(many=True)
    evaluations = EvaluationDocSerializer(many=True)
    overview = OverviewSerializer(allow_null=True)
    history = SnapshotSerializer(many=True, allow_null=True)


# --- goals, measures, evaluations (objects) ----------------------------------------------------


class MeasureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    goal = serializers.IntegerField(source="goal_id")
    description = serializers.CharField()
    service = RefField()
    responsible = RefField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    frequency = serializers.CharField(allow_blank=True)
    status = EnumField(MeasureStatus)
    created_at = serializers.DateTimeField()


class GoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    life_area = RefField()
    text = serializers.CharField()
    whose_words = EnumField(WhoseWords)
    responsible_service = RefField()
    status = EnumField(GoalStatus)
    created_at = serializers.DateTimeField()
    measures = MeasureSerializer(many=True, read_only=True)


class EvaluationSerializer(EvaluationFields):
    recorded_at = serializers.DateTimeField()
    recorded_by = RefField()


# --- query strings and write input ---


class PlanQuery(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=_("Show the plan as it was on this date."))

    def to_internal_value(self, data):
        # "?on=" is not a date: refused, not read as "today" (the schema says format: date).
        if "on" in data and not str(data.get("on") or "").strip():
            raise serializers.ValidationError({"on": [_("Enter a valid date.")]})
        return super().to_internal_value(data)


class MeasureQuery(PageParams):
    goal = serializers.IntegerField(required=False, min_value=1)


class CaseScopedInput(StrictSerializer):
    """Input whose related ids are resolved within ``context["case"]``'s municipality."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.context.get("case")
        if case is not None:
            self.scope(case)

    def scope(self, case) -> None:
        pass


def _services(case):
    return Service.objects.filter(municipality_id=case.municipality_id)


def _professionals(case):
    return Professional.objects.filter(municipality_id=case.municipality_id).select_related("user")


class EvaluationDateInput(StrictSerializer):
    due = serializers.DateField(help_text=_("Evaluate the plan by this date (not in the past)."))
    version = VersionField()


class GoalInput(CaseScopedInput):
    life_area = serializers.PrimaryKeyRelatedField(
        queryset=LifeArea.objects.all(),
        help_text=_("A life area of the municipality's wellbeing framework."),
    )
    text = FreeText(
        max_length=TEXT, help_text=_("The goal, in the child's own words where possible.")
    )
    whose_words = EnumField(WhoseWords, default=WhoseWords.CHILD)
    responsible_service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.none(),
        help_text=_("A service of the municipality covered by consent for the case."),
    )
    version = VersionField()

    def scope(self, case) -> None:
        self.fields["responsible_service"].queryset = _services(case)


class GoalChangeInput(GoalInput):
    """Only the fields sent change; the rest keep their current values."""

    status = EnumField(GoalStatus)


class MeasureInput(CaseScopedInput):
    description = FreeText(max_length=TEXT, help_text=_("What will be done."))
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.none())
    responsible = serializers.PrimaryKeyRelatedField(
        queryset=Professional.objects.none(),
        help_text=_("A professional on the case's team."),
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Empty for an ongoing measure; then give frequency."),
    )
    frequency = FreeText(max_length=FREQUENCY, required=False, allow_blank=True, default="")
    status = EnumField(MeasureStatus, default=MeasureStatus.PLANNED)
    version = VersionField()

    def scope(self, case) -> None:
        self.fields["service"].queryset = _services(case)
        self.fields["responsible"].queryset = _professionals(case)


class ChildVoiceInput(serializers.Serializer):
    """The required section on what the child or young person says, or why they were not asked
    (as on the minutes and evaluation forms)."""

    child_voice = FreeText(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    child_not_asked_reason = FreeText(
        max_length=SHORT_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required when child_voice is empty."),
    )


class EvaluationInput(ChildVoiceInput, StrictSerializer):
    evaluated_on = serializers.DateField()
    worked = FreeText(max_length=LONG_TEXT)
    did_not_work = FreeText(max_length=LONG_TEXT)
    next_steps = FreeText(max_length=LONG_TEXT)
    child_scale = serializers.IntegerField(
        min_value=0, max_value=10, required=False, allow_null=True, default=None
    )
    team_scale = serializers.IntegerField(min_value=0, max_value=10)
    is_final = serializers.BooleanField(required=False, default=False)
    next_evaluation_due = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Empty after a final evaluation."),
    )
    version = VersionField()


# --- meetings ----------------------------------------------------------------------------------


class GuardianRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    relation = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    responsible = RefField()
    due_on = serializers.DateField()
    outcome = EnumField(DecisionOutcome)
    measure = serializers.IntegerField(source="measure_id", allow_null=True)
    task = serializers.IntegerField(source="task_id", allow_null=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    place = serializers.CharField(allow_blank=True)
    video_link = serializers.CharField(allow_blank=True)
    agenda = serializers.CharField()
    child_takes_part = serializers.BooleanField()
    guardians = GuardianRefSerializer(many=True, source="guardians.all")
    professionals = serializers.SerializerMethodField()
    status = EnumField(MeetingStatus)
    planned_at = serializers.DateTimeField()
    planned_by = RefField()
    summary = serializers.CharField(allow_blank=True)
    child_voice = serializers.CharField(allow_blank=True)
    child_not_asked_reason = serializers.CharField(allow_blank=True)
    minutes_at = serializers.DateTimeField(allow_null=True)
    minutes_by = RefField()

    def get_professionals(self, meeting) -> list[dict]:
        return [_ref(p) for p in meeting.professionals.all()]


class MeetingDetailSerializer(MeetingSerializer):
    decisions = DecisionSerializer(many=True, source="decision_list")


class MeetingInput(CaseScopedInput):
    starts_at = serializers.DateTimeField(help_text=_("In the future."))
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480, default=60)
    place = FreeText(max_length=LINE, required=False, allow_blank=True, default="")
    video_link = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("https:// only. Give place, video_link or both."),
    )
    agenda = FreeText(max_length=TEXT)
    child_takes_part = serializers.BooleanField(default=True)
    guardians = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=NetworkPerson.objects.none(),
        required=False,
        help_text=_("Ids of the child's network persons taking part."),
    )
    professionals = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Professional.objects.none(),
        required=False,
        help_text=_("Ids of team members taking part (the planner always takes part)."),
    )
    version = VersionField()

    def scope(self, case) -> None:
        self.fields["guardians"].child_relation.queryset = meeting_guardian_choices(case=case)
        self.fields["professionals"].child_relation.queryset = _professionals(case)


class DecisionInput(CaseScopedInput):
    text = FreeText(max_length=SHORT_TEXT)
    responsible = serializers.PrimaryKeyRelatedField(
        queryset=Professional.objects.none(), help_text=_("A professional on the team.")
    )
    due_on = serializers.DateField()
    outcome = EnumField(DecisionOutcome)
    goal = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The goal the measure serves (when outcome is measure)."),
    )

    def scope(self, case) -> None:
        self.fields["responsible"].queryset = _professionals(case)
        self.fields["goal"].queryset = Goal.objects.filter(plan__case=case).select_related("plan")

    def validate(self, attrs):
        if attrs["outcome"] == DecisionOutcome.MEASURE and attrs.get("goal") is None:
            raise serializers.ValidationError({"goal": [_("Choose the goal the measure serves.")]})
        return attrs


class MinutesInput(ChildVoiceInput, CaseScopedInput):
    summary = FreeText(max_length=RECORD)
    # A ListField (not many=True): its errors name the list ("decisions") or the item
    # ("decisions.0.goal").
    decisions = serializers.ListField(
        child=DecisionInput(), required=False, default=list, max_length=10
    )
    version = VersionField()

    def scope(self, case) -> None:
        # The nested decision inputs are bound before the case is known: scope them too.
        self.fields["decisions"].child.scope(case)


class CancelInput(StrictSerializer):
    reason = FreeText(max_length=SHORT_TEXT)
    version = VersionField()
