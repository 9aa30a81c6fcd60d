from django.db import migrations, models

from helhet.audit import triggers

# SQLite rebuilds the table to add a column, which drops its triggers: put them back.
renew_append_only = triggers.renewer("audit_auditevent")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_citizen_ref"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, renew_append_only),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, db_default="", max_length=16),
        ),
        migrations.RunPython(renew_append_only, migrations.RunPython.noop),
    ]
