"""The access log partitioned by month on PostgreSQL (ADR 0013). SQLite keeps one table.

The model state is unchanged: on PostgreSQL the unique (chain, sequence) constraint becomes one
unique index per monthly partition, since a unique index on a partitioned table must include the
partition key.
"""

from django.db import migrations

from helhet.audit import partitions


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("audit", "AuditEvent")
    partitions.partition(schema_editor.connection)
    for index in model._meta.indexes:
        schema_editor.add_index(model, index)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, elidable=False)]
