from django.db import migrations

# A frozen copy of helhet.tenancy.wellbeing at the time of writing, so this migration never drifts.
BUILTIN = {
    "nordic": (
        "Life areas (Nordic default)",
        [
            ("health", "Health"),
            ("learning", "Learning and development"),
            ("safety", "Safety"),
            ("relationships", "Relationships and belonging"),
            ("participation", "Participation and leisure"),
            ("material", "Material conditions"),
        ],
    ),
    "girfec": (
        "GIRFEC wellbeing indicators (SHANARRI)",
        [
            ("safe", "Safe"),
            ("healthy", "Healthy"),
            ("achieving", "Achieving"),
            ("nurtured", "Nurtured"),
            ("active", "Active"),
            ("respected", "Respected"),
            ("responsible", "Responsible"),
            ("included", "Included"),
        ],
    ),
}


def create(apps, schema_editor):
    WellbeingFramework = apps.get_model("tenancy", "WellbeingFramework")
    LifeArea = apps.get_model("tenancy", "LifeArea")
    for code, (name, areas) in BUILTIN.items():
        framework, _ = WellbeingFramework.objects.get_or_create(code=code, defaults={"name": name})
        for position, (area_code, area_name) in enumerate(areas):
            LifeArea.objects.get_or_create(
                framework=framework,
                code=area_code,
                defaults={"name": area_name, "position": position},
            )


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0003_wellbeing_frameworks")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
