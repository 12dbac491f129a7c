"""Session ids chosen by clients become unique per member (client_id), not site-wide.

Existing sessions keep their id as their client id, so every URL and stored id still works.
"""

import uuid

from django.conf import settings
from django.db import migrations, models


def copy_ids(apps, schema_editor):
    WorkoutSession = apps.get_model("plans", "WorkoutSession")
    WorkoutSession.objects.update(client_id=models.F("id"))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_editors_goal_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="workoutsession",
            name="client_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(copy_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="workoutsession",
            name="client_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddConstraint(
            model_name="workoutsession",
            constraint=models.UniqueConstraint(
                fields=("owner", "client_id"), name="session_client_id_per_owner"
            ),
        ),
    ]
