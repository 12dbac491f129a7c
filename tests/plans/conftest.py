import pytest

from tests.factories import ExerciseFactory


@pytest.fixture
def stretch():
    """A timed, per-side stretch: its default plan item is a 30 s hold on each side."""
    return ExerciseFactory(name="Lying Glutes Stretch", stretch=True)
