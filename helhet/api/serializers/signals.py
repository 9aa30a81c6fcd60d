"""Serializers of absence signals and absence imports."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from helhet.api.serializers.base import QueryParams, StrictSerializer
from helhet.api.serializers.plans import EnumField
from helhet.signals.models import AbsenceKind, RuleKind, SignalStatus


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.IntegerField(source="child_id")
    school = serializers.IntegerField(source="school_id")
    rule = EnumField(RuleKind, source="rule.kind")
    summary = serializers.CharField(
        help_text=_("What the rule found, in the request's language."),
    )
    facts = serializers.DictField(
        help_text=_("The figures the rule found (days, dates, share, threshold).")
    )
    status = EnumField(SignalStatus)
    raised_at = serializers.DateTimeField()
    concern = serializers.IntegerField(source="concern_id", allow_null=True)


class AbsenceDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    whole_day = serializers.BooleanField()
    lessons = serializers.IntegerField()
    kind = EnumField(AbsenceKind)


class SignalDetailSerializer(SignalSerializer):
    days = AbsenceDaySerializer(many=True, help_text=_("The pupil's absence, last three months."))


class SignalStatusQuery(QueryParams):
    status = serializers.ChoiceField(
        choices=["open", "all"], required=False, help_text=_("open (default) or all.")
    )


class DismissInput(StrictSerializer):
    reason = serializers.CharField(max_length=2000, help_text=_("Why it needs nothing more."))


class AbsenceImportQuery(QueryParams):
    leave_out_bad_rows = serializers.BooleanField(
        required=False, help_text=_("Import the good rows of a file that has bad ones.")
    )


class ProblemRowsSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    lines = serializers.ListField(child=serializers.IntegerField())


class AbsenceImportSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="record.id")
    school = serializers.IntegerField(source="record.school_id")
    first_day = serializers.DateField(source="record.first_day", allow_null=True)
    last_day = serializers.DateField(source="record.last_day", allow_null=True)
    rows = serializers.IntegerField(source="record.rows")
    skipped_rows = serializers.IntegerField(source="record.skipped_rows")
    unmatched_rows = serializers.IntegerField(source="record.unmatched_rows")
    unmatched_lines = serializers.SerializerMethodField(
        help_text=_("The first lines naming a pupil the school does not know.")
    )
    days_added = serializers.IntegerField(source="record.days_added")
    days_changed = serializers.IntegerField(source="record.days_changed")
    days_removed = serializers.IntegerField(source="record.days_removed")
    signals_raised = serializers.IntegerField(source="record.signals_raised")

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_unmatched_lines(self, result) -> list[int]:
        unmatched = result.read.unmatched
        return list(unmatched.lines) if unmatched else []
