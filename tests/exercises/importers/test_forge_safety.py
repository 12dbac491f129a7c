"""The forge format's safety keys: optional, checked, and written back as they were read."""

import pytest
from django.core.management.base import CommandError

from exercises.importers.records import ImporterError
from exercises.models import Exercise
from tests.exercises.importers.helpers import forge_file, forge_record, run_import

pytestmark = pytest.mark.django_db
SAFETY_KEYS = [
    "start_position",
    "loads",
    "needs_partner",
    "props",
    "precautions",
    "breathing",
    "reviewed",
    "review_note",
]


def test_a_file_without_the_safety_keys_still_imports(tmp_path):
    record = {k: v for k, v in forge_record().items() if k not in SAFETY_KEYS}
    run_import(forge_file(tmp_path, record))
    exercise = Exercise.objects.get()
    assert (exercise.start_position, exercise.needs_partner, exercise.reviewed) == (
        "",
        False,
        False,
    )
    assert (list(exercise.loads.all()), list(exercise.props.all())) == ([], [])
    assert exercise.reviewed_at is None


def test_the_safety_keys_are_stored(tmp_path):
    run_import(forge_file(tmp_path, forge_record(loads=["hips", "knees"], props=["mat", "wall"])))
    exercise = Exercise.objects.get()
    assert exercise.start_position == "lying-back"
    assert sorted(exercise.loads.values_list("slug", flat=True)) == ["hips", "knees"]
    assert sorted(exercise.props.values_list("slug", flat=True)) == ["mat", "wall"]
    assert exercise.reviewed and exercise.reviewed_at is not None and exercise.reviewed_by is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"loads": ["tail"]}, "field 'loads': unknown area 'tail'."),
        ({"props": ["trampoline"]}, "field 'props': unknown prop 'trampoline'."),
        ({"start_position": "upside-down"}, "field 'start_position': unknown value"),
        ({"reviewed": "yes"}, "field 'reviewed': must be true or false."),
    ],
)
def test_bad_safety_values_are_refused_and_nothing_is_written(tmp_path, change, message):
    with pytest.raises((ImporterError, CommandError)) as error:
        run_import(forge_file(tmp_path, forge_record(**change)))
    assert message in str(error.value)
    assert not Exercise.objects.exists()
