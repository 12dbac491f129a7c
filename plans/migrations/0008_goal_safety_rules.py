"""Which goals are gentle (no jumps or heavy lifts) and which positions a desk break allows.

Gentle: flexibility, low-back relief, desk break and post-run recovery, as the product asks,
and also hips and neck and shoulders, which are stretching and mobility goals too. Strength
basics is the one goal that may use heavy lifts (never for beginners: a separate rule).
"""

from django.db import migrations

GENTLE = [
    "flexibility",
    "low-back-relief",
    "desk-break",
    "post-run-recovery",
    "hips",
    "neck-and-shoulders",
]
POSITIONS = {"desk-break": ["standing", "seated"]}


def forwards(apps, schema_editor):
    Goal = apps.get_model("plans", "Goal")
    Goal.objects.filter(slug__in=GENTLE).update(gentle=True)
    for slug, positions in POSITIONS.items():
        Goal.objects.filter(slug=slug).update(start_positions=positions)


def backwards(apps, schema_editor):
    apps.get_model("plans", "Goal").objects.update(gentle=False, start_positions=[])


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_goal_gentle_and_positions")]
    operations = [migrations.RunPython(forwards, backwards)]
