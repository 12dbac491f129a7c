"""The format registry is the one list of formats: the command's --format choices come from it."""

import pytest
from django.core.management import CommandError, call_command

from exercises.importers import FORMATS
from exercises.management.commands.import_exercises import Command


def test_the_command_offers_exactly_the_registered_formats():
    parser = Command().create_parser("manage.py", "import_exercises")
    [action] = [a for a in parser._actions if a.dest == "fmt"]

    # …plus "auto", which reads the format from the file's shape.
    assert list(FORMATS) == ["forge", "free-exercise-db", "exercisedb"]
    assert action.choices == [*FORMATS, "auto"]
    assert all(callable(fmt.parse) for fmt in FORMATS.values())


def test_an_unregistered_format_is_refused(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("[]", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_exercises", str(path), "--format", "wger")

    assert "invalid choice: 'wger'" in str(error.value)
