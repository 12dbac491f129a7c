from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.importers import AUTO, FORMATS, ImporterError, import_catalogue
from exercises.models import Status
from exercises.services import catalogue_version_bump


class Command(BaseCommand):
    help = "Import exercises from a JSON file in one of the known formats, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--format",
            choices=[*FORMATS, AUTO],
            default="forge",
            dest="fmt",
            help="; ".join(f"{name}: {fmt.description}" for name, fmt in FORMATS.items())
            + f"; {AUTO}: tell from the file's contents.",
        )
        parser.add_argument("--images", type=Path, help="Folder the records' image paths start in.")
        parser.add_argument(
            "--fetch-images",
            action="store_true",
            help="Download images the records name by http(s) URL (10 s timeout, 5 MB each).",
        )
        parser.add_argument(
            "--status",
            choices=[Status.DRAFT, Status.PUBLISHED],
            help="Status for every imported exercise (default: the file's, or draft).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then roll everything back."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid records and list the invalid ones with their reasons "
            "(default: any invalid record stops the whole import).",
        )

    def handle(
        self,
        *args,
        path,
        fmt,
        images,
        fetch_images,
        status,
        dry_run,
        skip_invalid,
        verbosity,
        **options,
    ):
        try:
            report = import_catalogue(
                path=path,
                fmt=fmt,
                images_dir=images,
                fetch_images=fetch_images,
                status=status,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except ImporterError as error:
            raise CommandError(str(error)) from None
        # A dry run shows every match across sources (what it would link, and what it adds).
        if report.matches and (verbosity >= 2 or (dry_run and verbosity >= 1)):
            for line in report.matches:
                self.stdout.write(f"Match: {line}")
        if not dry_run:
            catalogue_version_bump()  # cached pages and data now show the imported rows
        if verbosity >= 2:
            for ident, name in report.images_missing:
                self.stdout.write(f"Image not found in --images: {name} (record {ident})")
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
