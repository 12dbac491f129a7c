from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from forge.icons import write_icons


class Command(BaseCommand):
    help = "Draw the app icons (manifest and Apple touch icon) into static/icons/."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "static" / "icons"))

    def handle(self, *args, folder, verbosity, **options):
        for path in write_icons(Path(folder)):
            if verbosity:
                self.stdout.write(f"Wrote {path}")
