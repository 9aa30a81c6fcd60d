"""Serializers of cases (read)."""

from __future__ import annotations

from rest_framework import serializers

from helhet.cases.models import Case


class RefSerializer(serializers.Serializer):
    """A related object by id, with a name to show."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class ChildRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()


class LevelSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()


class CaseSerializer(serializers.ModelSerializer):
    child = ChildRefSerializer(read_only=True)
    level = LevelSerializer(read_only=True)
    coordinator = serializers.SerializerMethodField()
    coordinator_service = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "municipality",
            "child",
            "level",
            "status",
            "coordinator",
            "coordinator_service",
            "opened_at",
            "closed_at",
            "closing_reason",
            "version",
        ]
        read_only_fields = fields

    def get_coordinator(self, case) -> dict | None:
        p = case.coordinator
        return {"id": p.pk, "name": str(p)} if p else None

    def get_coordinator_service(self, case) -> dict | None:
        s = case.coordinator_service
        return {"id": s.pk, "name": s.name} if s else None
