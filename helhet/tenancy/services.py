"""Writes for tenancy."""

from __future__ import annotations

from django.db import transaction

from helhet.tenancy.levels import BUILTIN_LEVEL_MODELS
from helhet.tenancy.models import Level, LevelModel, LifeArea, Municipality, WellbeingFramework
from helhet.tenancy.wellbeing import BUILTIN_WELLBEING_FRAMEWORKS


@transaction.atomic
def level_models_ensure_builtin() -> dict[str, LevelModel]:
    """Create (or complete) the built-in level models; idempotent."""
    result = {}
    for code, spec in BUILTIN_LEVEL_MODELS.items():
        level_model, _ = LevelModel.objects.get_or_create(
            code=code, defaults={"name": spec["name"]}
        )
        for number, name in spec["levels"]:
            Level.objects.get_or_create(model=level_model, number=number, defaults={"name": name})
        result[code] = level_model
    return result


@transaction.atomic
def wellbeing_frameworks_ensure_builtin() -> dict[str, WellbeingFramework]:
    """Create (or complete) the built-in wellbeing frameworks; idempotent."""
    result = {}
    for code, spec in BUILTIN_WELLBEING_FRAMEWORKS.items():
        framework, _ = WellbeingFramework.objects.get_or_create(
            code=code, defaults={"name": spec["name"]}
        )
        for position, (area_code, name) in enumerate(spec["areas"]):
            LifeArea.objects.get_or_create(
                framework=framework, code=area_code, defaults={"name": name, "position": position}
            )
        result[code] = framework
    return result


@transaction.atomic
def municipality_create(
    *,
    name: str,
    country: str,
    default_language: str,
    level_model: LevelModel,
    consent_age: int = 15,
    joint_consent_until_age: int | None = None,
    concern_decision_days: int = 14,
) -> Municipality:
    municipality = Municipality(
        name=name,
        country=country,
        default_language=default_language,
        level_model=level_model,
        consent_age=consent_age,
        joint_consent_until_age=joint_consent_until_age,
        concern_decision_days=concern_decision_days,
    )
    municipality.full_clean()
    municipality.save()
    return municipality
