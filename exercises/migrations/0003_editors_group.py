"""The "Editors" group: view, add and change the catalogue; delete only an exercise's parts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CATALOGUE_MODELS = [
    "bodypart",
    "muscle",
    "equipment",
    "category",
    "exercise",
    "exercisemuscle",
    "exercisestep",
    "exercisetip",
    "exercisemistake",
    "exercisefaq",
    "exerciseimage",
    "exercisevariation",
]
# Parts of an exercise that editors remove while editing it; whole exercises and the
# vocabulary are never deleted by editors (unpublish instead).
DELETABLE_MODELS = [
    "exercisemuscle",
    "exercisestep",
    "exercisetip",
    "exercisemistake",
    "exercisefaq",
    "exerciseimage",
    "exercisevariation",
]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after migrate; make sure they exist now.
    app_config = apps.get_app_config("exercises")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}" for model in CATALOGUE_MODELS for action in ("view", "add", "change")
    ]
    codenames += [f"delete_{model}" for model in DELETABLE_MODELS]
    permissions = list(
        Permission.objects.filter(content_type__app_label="exercises", codename__in=codenames)
    )
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0002_vocabulary"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
