"""Seed the areas one can avoid and the props exercises use. Editors change both in the admin.

Neck and shoulders are both a body part and a joint or region: each is one area, of the
joint or region kind, that covers the body part as well. Full body is no area: it cannot be
avoided on its own (its exercises load the areas of their muscles).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
# Like the rest of the vocabulary: editors view, add and change areas and props, never delete.
CODENAMES = [
    f"{action}_{model}" for model in ("area", "prop") for action in ("view", "add", "change")
]

# slug, name, kind, description, muscles, body parts
AREAS = [
    ("knees", "Knees", "joint",
     "The knee joints: squats, lunges, jumps and kneeling load them.",
     ["quadriceps", "hamstrings"], []),
    ("lower-back", "Lower back", "region",
     "The lumbar spine and the muscles along it: hinges, heavy lifts and back bends load it.",
     ["lower-back"], []),
    ("neck", "Neck", "region",
     "The neck and the upper trapezius that shrugs toward it.",
     ["neck", "traps"], ["neck"]),
    ("shoulders", "Shoulders", "joint",
     "The shoulder joints: presses, raises, pulls and weight on the hands load them.",
     ["shoulders"], ["shoulders"]),
    ("wrists", "Wrists", "joint",
     "The wrists: gripping, and weight on the hands, load them.",
     ["forearms"], []),
    ("elbows", "Elbows", "joint",
     "The elbows: curls, extensions, presses and pulls load them.",
     ["biceps", "triceps", "forearms"], []),
    ("hips", "Hips", "joint",
     "The hip joints and the muscles around them.",
     ["glutes", "hip-flexors", "adductors", "abductors"], []),
    ("ankles", "Ankles", "joint",
     "The ankles: calf work, jumps and running load them.",
     ["calves"], []),
    ("legs", "Legs", "body-part",
     "Everything from the hips down.",
     ["quadriceps", "hamstrings", "glutes", "calves", "adductors", "abductors", "hip-flexors"],
     ["legs"]),
    ("back", "Back", "body-part",
     "The back from the base of the neck to the pelvis.",
     ["lats", "lower-back", "middle-back", "traps"], ["back"]),
    ("chest", "Chest", "body-part", "The chest muscles.", ["chest"], ["chest"]),
    ("arms", "Arms", "body-part",
     "The upper arms and forearms.", ["biceps", "triceps", "forearms"], ["arms"]),
    ("core", "Core", "body-part",
     "The abdominals and obliques.", ["abdominals", "obliques"], ["core"]),
]  # fmt: skip

# slug, name, description, must be owned
PROPS = [
    ("wall", "Wall", "A clear stretch of wall to lean on or press against.", False),
    ("chair", "Chair", "A sturdy chair without wheels.", False),
    ("step", "Step", "A stair or a low, stable step.", False),
    ("towel", "Towel", "A towel, rolled or held between the hands.", False),
    ("cushion", "Cushion", "A cushion or folded blanket under the knees or hips.", False),
    ("doorway", "Doorway", "An open doorway to brace the arms in.", False),
    ("mat", "Mat", "An exercise mat, or a rug that does not slide.", False),
    ("bar", "Bar", "A pull-up bar or another bar that holds your weight.", True),
    ("bench", "Bench", "A flat, stable training bench.", True),
    ("box", "Box", "A stable plyometric box or platform to step or jump onto.", True),
    ("strap", "Strap", "A yoga strap or a long belt to reach the feet.", True),
    ("ab-wheel", "Ab wheel", "A small wheel with handles, rolled out from the knees.", True),
]


def seed(apps, schema_editor):
    Area = apps.get_model("exercises", "Area")
    Prop = apps.get_model("exercises", "Prop")
    Muscle = apps.get_model("exercises", "Muscle")
    BodyPart = apps.get_model("exercises", "BodyPart")
    for slug, name, kind, description, muscles, parts in AREAS:
        area, _ = Area.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "description": description}
        )
        area.muscles.set(Muscle.objects.filter(slug__in=muscles))
        area.body_parts.set(BodyPart.objects.filter(slug__in=parts))
    for slug, name, description, must_own in PROPS:
        Prop.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "must_own": must_own}
        )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("exercises")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="exercises", codename__in=CODENAMES)
    )
    if len(permissions) != len(CODENAMES):
        raise RuntimeError("Area and prop permissions not found.")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*permissions)


def unseed(apps, schema_editor):
    apps.get_model("exercises", "Area").objects.filter(slug__in=[a[0] for a in AREAS]).delete()
    apps.get_model("exercises", "Prop").objects.filter(slug__in=[p[0] for p in PROPS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0014_exercise_safety_areas_props"),
        ("exercises", "0003_editors_group"),
    ]
    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
