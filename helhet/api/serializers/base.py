"""Serializer building blocks shared by every resource."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from helhet.core.text import LengthLimit, clean_input


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo never silently drops data, and, in a JSON
    body, values of the wrong JSON type (DRF would turn 0 into "0" or "5" into 5)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            if not isinstance(data, QueryDict):  # query strings are text by nature
                wrong_type = {}
                for name, field in self.fields.items():
                    if name in data and not field.read_only:
                        message = _json_type_error(field, data[name])
                        if message:
                            wrong_type[name] = [message]
                if wrong_type:
                    # Report the other fields' errors too, in one answer.
                    try:
                        super().to_internal_value(data)
                    except serializers.ValidationError as other:
                        if isinstance(other.detail, dict):
                            raise serializers.ValidationError(
                                {**other.detail, **wrong_type}
                            ) from None
                    raise serializers.ValidationError(wrong_type)
        return super().to_internal_value(data)


class StrictModelSerializer(StrictSerializer, serializers.ModelSerializer):
    pass


class FreeText(serializers.CharField):
    """Typed text, as the web forms' ``helhet.core.text.FreeText``: the same cleaning
    (``clean_input``: bidi controls removed) and the same limit and message (``LengthLimit``),
    so a field refused on the page is refused here with the same words (a 400 naming it)."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [v for v in self.validators if type(v) is not MaxLengthValidator]
        self.validators.append(LengthLimit(max_length))

    def run_validation(self, data=empty):
        if isinstance(data, str):
            data = clean_input(data)
        return super().run_validation(data)


class VersionField(serializers.IntegerField):
    """The case version the client last read; a stale write is refused (422)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("The case's version as last read. If the case changed since, nothing is saved."),
        )
        super().__init__(**kwargs)


def _json_type_error(field, value):
    """DRF coerces (0 → "0", "5" → 5, "true" → True); a JSON API takes each type as documented."""
    if value is None:
        return None  # the field's own allow_null decides
    if isinstance(field, serializers.BooleanField):
        ok = isinstance(value, bool)
    elif isinstance(
        field,
        serializers.IntegerField
        | serializers.PrimaryKeyRelatedField
        | serializers.SlugRelatedField,
    ):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(field, serializers.CharField | serializers.ChoiceField | serializers.DateField):
        ok = isinstance(value, str)
    else:
        return None
    return None if ok else _("Wrong type: see the schema for this field's type.")


class QueryParams(serializers.Serializer):
    """Query parameters, validated: an empty value is refused as the schema says."""

    def to_internal_value(self, data):
        # DRF silently ignores "?status=" (an empty query value); the schema does not allow it.
        errors = {
            name: [_("Give a value, or leave the parameter out.")]
            for name, field in self.fields.items()
            if data.get(name) == "" and not getattr(field, "allow_blank", False)
        }
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class PageParams(QueryParams):
    """The pagination's query parameters (documented by the paginator), validated."""

    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)
