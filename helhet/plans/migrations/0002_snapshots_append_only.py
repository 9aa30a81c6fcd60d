from django.db import migrations

from helhet.audit import triggers


def create(apps, schema_editor):
    triggers.create(schema_editor.connection, ["plans_plansnapshot"])


def drop(apps, schema_editor):
    triggers.drop(schema_editor.connection, ["plans_plansnapshot"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(create, drop)]
