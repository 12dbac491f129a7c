from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.routines import DEFAULT_PATH, RoutineLoadError, load_routines


class Command(BaseCommand):
    help = "Load the shipped public routines (after the starter catalogue); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", default=DEFAULT_PATH)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then roll everything back."
        )

    def handle(self, *args, path, dry_run, verbosity, **options):
        try:
            report = load_routines(path=path, dry_run=dry_run)
        except RoutineLoadError as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
