from pathlib import Path

from django.core.management.base import BaseCommand

from exercises.importers import export_catalogue


class Command(BaseCommand):
    help = "Write the whole catalogue (every status) to a forge-format JSON file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--images", type=Path, help="Also copy image files into this folder.")

    def handle(self, *args, path, images, verbosity, **options):
        count = export_catalogue(path=path, images_dir=images)
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Exported {count} exercises to {path}."))
