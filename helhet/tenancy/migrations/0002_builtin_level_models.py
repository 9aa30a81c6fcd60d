from django.db import migrations

# A frozen copy of helhet.tenancy.levels at the time of writing, so this migration never drifts.
BUILTIN = {
    "bti": (
        "BTI (Better interdisciplinary effort) 0–3",
        [
            (0, "Level 0: Is there cause for concern?"),
            (1, "Level 1: Action within one service"),
            (2, "Level 2: Simple collaboration"),
            (3, "Level 3: Broad collaboration"),
        ],
    ),
    "is-integration": (
        "Icelandic integration of services, levels 1–3",
        [
            (1, "Level 1: Early support (contact person)"),
            (2, "Level 2: Targeted support (case manager and support team)"),
            (3, "Level 3: Specialised support (case manager and support team)"),
        ],
    ),
}


def create(apps, schema_editor):
    LevelModel = apps.get_model("tenancy", "LevelModel")
    Level = apps.get_model("tenancy", "Level")
    for code, (name, levels) in BUILTIN.items():
        model, _ = LevelModel.objects.get_or_create(code=code, defaults={"name": name})
        for number, level_name in levels:
            Level.objects.get_or_create(model=model, number=number, defaults={"name": level_name})


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
