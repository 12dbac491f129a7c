"""Editors map a source's unknown words themselves (Source mappings in the admin). Importing
is a separate permission ("Can import exercises from a file"), given person by person."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="exercises", model="sourcemapping"
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    for action in ("view", "add", "change", "delete"):
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_sourcemapping",
            defaults={"name": f"Can {action} source mapping"},
        )
        editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0010_import_runs_and_source_mappings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
