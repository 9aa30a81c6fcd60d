"""Forgiving directory search: a folded name per service, every search text refolded, and on
PostgreSQL pg_trgm with a GIN trigram index on the search text (typo-tolerant matching).

SQLite gets nothing extra: its fuzzy match is a Python function (helhet.directory.search).
pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it.
"""

from django.db import migrations, models

INDEX = "directory_service_search_trgm"
BATCH = 500


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_service "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    # The extension stays: dropping it could break anything else that came to use it.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def refold_search_texts(apps, schema_editor):
    """Existing services get their search texts in the new folded form."""
    from helhet.directory.search import service_search_texts

    Service = apps.get_model("directory", "Service")
    ContactPerson = apps.get_model("directory", "ContactPerson")
    objects = Service.objects.using(schema_editor.connection.alias)
    changed = []
    services = objects.order_by("pk")
    for service in services.prefetch_related(
        models.Prefetch("contacts", queryset=ContactPerson.objects.order_by("position", "pk"))
    ).iterator(chunk_size=BATCH):
        for field, value in service_search_texts(service, service.contacts.all()).items():
            setattr(service, field, value)
        changed.append(service)
        if len(changed) >= BATCH:
            objects.bulk_update(changed, ["search_name", "search_text"])
            changed = []
    if changed:
        objects.bulk_update(changed, ["search_name", "search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_service_is_front_door"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="search_name",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(refold_search_texts, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
