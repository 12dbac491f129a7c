from django.core.management.base import BaseCommand

from exercises.models import ExerciseImage
from exercises.pictures import image_renditions_generate
from exercises.services import catalogue_version_bump

BATCH = 200


class Command(BaseCommand):
    help = (
        "Make the renditions of every exercise picture that lacks them (pictures stored "
        "before renditions existed, or an import that was stopped). Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        made, last = 0, 0
        pending = ExerciseImage.objects.filter(renditions={}).order_by("pk")
        while batch := list(pending.filter(pk__gt=last)[:BATCH]):
            # Saved batch by batch, so a stopped run keeps what it made.
            made += image_renditions_generate(images=batch)
            last = batch[-1].pk
        if made:
            catalogue_version_bump()  # cached pages now name the renditions
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(f"Renditions made for {made} picture(s)."))
