"""Editors tune the generator's goals and publish routines in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CODENAMES = [
    f"{action}_{model}"
    for model in ("goal", "goalmuscle", "goalbodypart", "routine")
    for action in ("view", "add", "change", "delete")
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("plans")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="plans", codename__in=CODENAMES)
    )
    missing = set(CODENAMES) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="plans", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_goals"),
        ("exercises", "0003_editors_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
