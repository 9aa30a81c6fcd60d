"""The coordinator's label is no longer stored on the team member: it was written once, translated
("Koordinator", "Coordinator", …), and stayed after a handover, so a case showed two coordinators.
The case's ``coordinator`` says who it is; the stored labels are removed."""

from django.conf import settings
from django.db import migrations
from django.utils import translation

STORED_LABEL = "Coordinator"


def forwards(apps, schema_editor):
    TeamMember = apps.get_model("cases", "TeamMember")
    labels = {STORED_LABEL}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(translation.gettext(STORED_LABEL))
    TeamMember.objects.filter(role_in_case__in=sorted(labels)).update(role_in_case="")


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_logwithholding")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
