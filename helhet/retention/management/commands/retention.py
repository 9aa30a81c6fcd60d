from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from helhet.core import clock
from helhet.retention import rules, services
from helhet.retention.services import KINDS
from helhet.tenancy.models import Municipality

DUE_NAMES = {
    "cases_archived": "cases_to_archive",
    "cases_deleted": "cases_to_delete",
    "concerns_deleted": "concerns_to_delete",
    "children_deleted": "children_to_delete",
}


class Command(BaseCommand):
    help = (
        "Apply each municipality's retention rules (docs/retention.md): archive closed cases, "
        "delete what is due, write each deletion and the run to the access log. With --dry-run, "
        "print what would be archived and deleted (ids only) and change nothing. A run that "
        "stopped half-way is resumed by the next one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; list ids.")
        parser.add_argument("--municipality", type=int, help="Only this municipality (its id).")

    def handle(self, *args, dry_run: bool = False, municipality: int | None = None, **options):
        municipalities = Municipality.objects.order_by("pk")
        if municipality is not None:
            municipalities = municipalities.filter(pk=municipality)
            if not municipalities.exists():
                raise CommandError(f"No municipality with id {municipality}.")
        for m in municipalities:
            if dry_run:
                self._dry_run(m)
            else:
                self._apply(m, verbose=options["verbosity"] > 1)

    def _dry_run(self, municipality: Municipality) -> None:
        due = rules.due(municipality, now=clock.now())
        self.stdout.write(f"municipality {municipality.pk}: would change")
        for kind in KINDS:
            ids = getattr(due, DUE_NAMES[kind])
            listed = " ".join(str(pk) for pk in ids) or "-"
            self.stdout.write(f"  {kind.replace('_', ' ')} {len(ids)}: {listed}")

    def _apply(self, municipality: Municipality, *, verbose: bool) -> None:
        def progress(kind: str, pk: int) -> None:
            self.stdout.write(f"  {kind.replace('_', ' ')}: {pk}")

        try:
            run = services.apply_rules(municipality, progress=progress if verbose else None)
        except Exception as exc:
            # Each item is whole or untouched; the next run resumes this one.
            raise CommandError(
                f"municipality {municipality.pk}: the retention run stopped ({exc}); run it "
                "again to resume"
            ) from exc
        counts = ", ".join(
            f"{kind.replace('_', ' ')} {len(run.done.get(kind, []))}" for kind in KINDS
        )
        self.stdout.write(f"municipality {municipality.pk}: run {run.pk}: {counts}")
