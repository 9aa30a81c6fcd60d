from django.db import migrations

from helhet.audit import triggers


def create(apps, schema_editor):
    triggers.create(schema_editor.connection, ["audit_auditevent"])


def drop(apps, schema_editor):
    triggers.drop(schema_editor.connection, ["audit_auditevent"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
