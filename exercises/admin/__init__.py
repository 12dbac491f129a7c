"""The catalogue's admin, one module per screen; importing them registers their models.

- exercise.py: ExerciseAdmin (list, page, status and merge actions), built on
- history.py: its history, compare and revision views;
- inlines.py: the parts edited on an exercise's page;
- vocabulary.py: body parts, muscles, equipment, categories and search synonyms;
- imports.py: "Import exercises" (upload, check, confirm, progress) and source mappings;
- base.py: what these share.
"""

from exercises.admin import exercise, imports, vocabulary

__all__ = ["exercise", "imports", "vocabulary"]
