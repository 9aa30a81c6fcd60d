"""``helhet indicators refresh [--municipality ID]``: count every indicator again from the data
(nightly from cron or a systemd timer; the dashboards read these counts)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from helhet.indicators.compute import refresh
from helhet.tenancy.models import Municipality


class Command(BaseCommand):
    help = "Count the indicators again for every municipality (or one)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        again = sub.add_parser("refresh", help="Recount the indicators from the data.")
        again.add_argument("--municipality", type=int, help="Only this municipality's id.")

    def handle(self, *args, action: str, municipality: int | None = None, **options):
        municipalities = Municipality.objects.order_by("pk")
        if municipality is not None:
            municipalities = municipalities.filter(pk=municipality)
        for each in municipalities:
            record = refresh(each)
            self.stdout.write(
                f"indicators: municipality {each.pk}: {record.rows} counts in "
                f"{record.seconds:.1f} s"
            )
