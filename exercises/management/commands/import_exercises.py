from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.importers import FORMATS, ImporterError, import_catalogue
from exercises.models import Status
from exercises.services import catalogue_version_bump


class Command(BaseCommand):
    help = "Import exercises from a forge or free-exercise-db JSON file, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS, default="forge", dest="fmt")
        parser.add_argument("--images", type=Path, help="Folder the records' image paths start in.")
        parser.add_argument(
            "--status",
            choices=[Status.DRAFT, Status.PUBLISHED],
            help="Status for every imported exercise (default: the file's, or draft).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then roll everything back."
        )

    def handle(self, *args, path, fmt, images, status, dry_run, verbosity, **options):
        try:
            report = import_catalogue(
                path=path, fmt=fmt, images_dir=images, status=status, dry_run=dry_run
            )
        except ImporterError as error:
            raise CommandError(str(error)) from None
        if not dry_run:
            catalogue_version_bump()  # cached pages and data now show the imported rows
        if verbosity >= 2:
            for name in report.images_missing:
                self.stdout.write(f"Image not found in --images: {name}")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
