from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exercises.content_translations import DATA_DIR as EXERCISES_DIR
from exercises.content_translations import TranslationLoadError
from plans.content_translations import DATA_DIR as PLANS_DIR
from plans.content_translations import load_translations


class Command(BaseCommand):
    help = (
        "Load the German and Spanish catalogue, vocabulary, goals and routines (after the "
        "starter catalogue and the routines); checks everything first, safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--exercises-dir", type=Path, default=EXERCISES_DIR)
        parser.add_argument("--plans-dir", type=Path, default=PLANS_DIR)
        parser.add_argument("--dry-run", action="store_true", help="Check and count only.")

    def handle(self, *args, exercises_dir, plans_dir, dry_run, verbosity, **options):
        try:
            report = load_translations(
                exercises_dir=exercises_dir, plans_dir=plans_dir, dry_run=dry_run
            )
        except TranslationLoadError as error:
            raise CommandError(
                f"Nothing was loaded; fix these {len(error.errors)} problems:\n{error}"
            ) from None
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary()))
