"""A starting list of search synonyms (editors extend it in the admin), and the Editors
group's permission to keep it."""

from django.db import migrations

from exercises.search_text import phrase

# What people type -> what the catalogue calls it (alternatives separated by commas).
SYNONYMS = {
    # Muscles: gym slang, anatomical and everyday names
    "quads": "quadriceps",
    "quadriceps femoris": "quadriceps",
    "thigh": "quadriceps, hamstrings",
    "hams": "hamstrings",
    "hammy": "hamstrings",
    "latissimus": "lats",
    "latissimus dorsi": "lats",
    "wings": "lats",
    "delts": "shoulders",
    "deltoid": "shoulders",
    "rotator cuff": "shoulders",
    "pecs": "chest",
    "pectoral": "chest",
    "pectoralis": "chest",
    "abs": "abdominals",
    "six pack": "abdominals",
    "stomach": "abdominals",
    "belly": "abdominals",
    "tummy": "abdominals",
    "butt": "glutes",
    "buttock": "glutes",
    "bum": "glutes",
    "gluteus": "glutes",
    "trapezius": "traps",
    "tris": "triceps",
    "bis": "biceps",
    "psoas": "hip flexors",
    "iliopsoas": "hip flexors",
    "lumbar": "lower back",
    "erector": "lower back",
    "back pain": "lower back",
    "rhomboid": "middle back",
    "upper back": "middle back, traps",
    "groin": "adductors",
    "inner thigh": "adductors",
    "outer thigh": "abductors",
    "love handles": "obliques",
    "shin": "calves",
    "achilles": "calves",
    "wrist": "forearms",
    "grip": "forearms",
    # Equipment
    "db": "dumbbell",
    "dumbell": "dumbbell",
    "bb": "barbell",
    "kb": "kettlebell",
    "swiss ball": "exercise ball",
    "stability ball": "exercise ball",
    "physio ball": "exercise ball",
    "resistance band": "band",
    "loop band": "band",
    "foam roll": "foam roller",
    "no equipment": "body weight",
    "at home": "body weight",
    "cable machine": "cable",
    "medball": "medicine ball",
    # Exercises and everyday phrasing
    "pec deck": "butterfly, chest fly, machine fly",
    "press up": "push up",
    "pressup": "push up",
    "skull crusher": "lying triceps extension, skullcrusher",
    "rdl": "romanian deadlift",
    "ohp": "overhead press",
    "military press": "overhead press, shoulder press",
    "figure four": "figure-four, lying glutes stretch",
    "hip opener": "hip",
    "warm up": "mobility",
}


def add(apps, schema_editor):
    Synonym = apps.get_model("exercises", "Synonym")
    Synonym.objects.bulk_create(
        [Synonym(term=phrase(term), means=means) for term, means in SYNONYMS.items()],
        ignore_conflicts=True,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="exercises", model="synonym")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for action in ("view", "add", "change", "delete"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_synonym",
            defaults={"name": f"Can {action} synonym"},
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0005_search_index_backfill"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
