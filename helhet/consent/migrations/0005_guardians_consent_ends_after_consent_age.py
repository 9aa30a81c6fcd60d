"""Consents that only the guardians gave, recorded before the rule existed, end as new ones do:
``guardian_consent_grace_days`` after the young person's birthday at the consent age (domain
rule 4, helhet.consent.services.consents.guardians_consent_ends)."""

import datetime

from django.db import migrations


def _birthday(born, age):
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February
        return datetime.date(born.year + age, 3, 1)


def forwards(apps, schema_editor):
    Consent = apps.get_model("consent", "Consent")
    consents = Consent.objects.filter(given_by="guardians", withdrawn_at__isnull=True).select_related(
        "case__child", "case__municipality"
    )
    for consent in consents.iterator(chunk_size=2000):
        municipality = consent.case.municipality
        ends = _birthday(consent.case.child.date_of_birth, municipality.consent_age) + datetime.timedelta(
            days=municipality.guardian_consent_grace_days
        )
        if ends < consent.valid_from:
            continue  # recorded after the young person's own time had come: left as it is
        if consent.valid_until is None or consent.valid_until > ends:
            Consent.objects.filter(pk=consent.pk).update(valid_until=ends)


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0004_consent_proposal"),
        ("tenancy", "0005_municipality_guardian_consent_grace_days_and_more"),
        ("cases", "0006_logwithholding"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
