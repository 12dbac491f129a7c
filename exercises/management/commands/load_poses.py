import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from exercises.services import exercise_poses_load
from forge.lib.errors import InvalidInput

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "starter_poses.json"


class Command(BaseCommand):
    help = (
        "Give exercises their drawn poses from a JSON object of slug -> pose (docs/poses.md); "
        "by default the starter poses. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", default=DEFAULT_PATH)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then roll everything back."
        )

    def handle(self, *args, path, dry_run, verbosity, **options):
        try:
            poses = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            with transaction.atomic():
                changed = exercise_poses_load(poses=poses)
                if dry_run:
                    transaction.set_rollback(True)
        except InvalidInput as error:
            raise CommandError(str(error)) from None
        if verbosity >= 1:
            verb = "would change" if dry_run else "changed"
            self.stdout.write(
                self.style.SUCCESS(f"{len(poses)} poses read; {changed} exercises {verb}.")
            )
