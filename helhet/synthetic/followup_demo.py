"""The demo follow-up service's register: the municipality's young people of 16–20 who left
upper secondary school or never started, imported from a school register file as its leader
would, and one of them already reached."""

from __future__ import annotations

import datetime

from helhet.core import clock
from helhet.followup import services as followup_services
from helhet.followup.models import FollowUp
from helhet.people.models import Child

YOUNG = 6


def demo_follow_up(*, municipality, accounts: dict) -> None:
    counsellor = accounts.get("oppfolging")
    if counsellor is None:
        return
    today = clock.today()
    young = [
        child
        for child in Child.objects.filter(municipality=municipality)
        .exclude(national_id="")
        .order_by("pk")
        if 16 <= (today - child.date_of_birth).days // 365 <= 20
    ][:YOUNG]
    if not young:
        return
    rows = ["national_id,reason,since"] + [
        f"{child.national_id},{'left' if i % 3 else 'never_started'},"
        f"{(today - datetime.timedelta(days=40 + 20 * i)).isoformat()}"
        for i, child in enumerate(young)
    ]
    service = counsellor.memberships.get().service
    followup_services.register_import(
        imported_by=counsellor.user, service_pk=service.pk, raw="\n".join(rows).encode()
    )
    first = FollowUp.objects.filter(service=service).order_by("pk").first()
    followup_services.counsellor_take(taken_by=counsellor.user, pk=first.pk)
    followup_services.contact_add(
        added_by=counsellor.user,
        pk=first.pk,
        on=today - datetime.timedelta(days=3),
        kind="phone",
        reached=True,
        note="Vil gjerne prøve et lærlingløp innen bilfag. Møte avtalt neste uke.",
    )
