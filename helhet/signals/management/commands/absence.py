"""``helhet absence import FILE --school ID --by EMAIL``: import a school's attendance export;
``helhet absence evaluate``: evaluate the absence rules for every school (the scheduler's
``helhet reminders`` does so too)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from helhet.directory.models import Service
from helhet.people.models import User
from helhet.signals import services


class Command(BaseCommand):
    help = "Import a school's absence records (CSV or Parquet), or evaluate the absence rules."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import one attendance file for one school.")
        load.add_argument("file", type=Path)
        load.add_argument("--school", type=int, required=True, help="The school's service id.")
        load.add_argument(
            "--by", required=True, metavar="EMAIL", help="A leader of the school (audited)."
        )
        load.add_argument(
            "--leave-out-bad-rows",
            action="store_true",
            help="Import the good rows of a file that has rows with problems.",
        )
        load.add_argument("--quiet", action="store_true", help="No progress bar.")
        sub.add_parser("evaluate", help="Evaluate the absence rules for every school.")

    def handle(self, *args, action: str, **options):
        if action == "evaluate":
            raised = services.signals_raise_all()
            self.stdout.write(f"absence: {raised} new signals")
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file")
        school = Service.objects.filter(pk=options["school"]).first()
        user = User.objects.filter(email__iexact=options["by"]).first()
        if school is None or user is None:
            raise CommandError("No such school or user.")
        stages = {
            "read": f"read and check {path.name}",
            "store": "store the days",
            "evaluate": "evaluate the rules",
        }
        bar = tqdm(total=len(stages), unit=" steps", file=sys.stderr, disable=options["quiet"])

        def progress(stage: str) -> None:
            if stage != "read":
                bar.update(1)  # the stage before is done
            bar.set_description(stages[stage])

        try:
            result = services.absence_import(
                imported_by=user,
                school=school,
                path=path,
                leave_out_bad_rows=options["leave_out_bad_rows"],
                progress=None if options["quiet"] else progress,
            )
        except services.Http404 as exc:
            raise CommandError(f"{user.email} may not import absence for this school.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except services.AbsenceFileRefused as exc:
            lines = [f"Nothing was imported: {exc.read.bad_rows} rows have problems."]
            for problem in exc.read.problems:
                shown = ", ".join(map(str, problem.lines))
                more = " …" if problem.count > len(problem.lines) else ""
                lines.append(f"  {problem.label} ({problem.count}): lines {shown}{more}")
            lines.append("Correct them, or import again with --leave-out-bad-rows.")
            raise CommandError("\n".join(lines)) from exc
        else:
            bar.update(bar.total - bar.n)
        finally:
            bar.close()
        record, read = result.record, result.read
        self.stdout.write(
            f"{record.rows} rows read ({read.encoding}); days added {record.days_added}, "
            f"changed {record.days_changed}, removed {record.days_removed}; "
            f"rows left out {record.skipped_rows}, of unknown pupils {record.unmatched_rows}; "
            f"new signals {record.signals_raised}"
        )
