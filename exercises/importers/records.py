"""The typed record every source format is mapped into, and the errors that name it.

A format module only turns its file into ExerciseRecords (exercises.importers.forge is the
model); the loader validates and writes them whatever their source. Vocabulary is named by
slug (`body_part="legs"`), as Forge's own format and its URLs name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from exercises.models import Status


@dataclass
class FAQEntry:
    question: str
    answer: str


@dataclass
class Prescription:
    hold_seconds: int | None = None
    hold_seconds_min: int | None = None
    hold_seconds_max: int | None = None
    per_side: bool = False
    reps_per_side: int | None = None

    @property
    def is_empty(self) -> bool:
        return self == Prescription()


@dataclass
class ImageRef:
    """A picture of the exercise: a path under --images, or an http(s) URL."""

    file: str
    alt_text: str
    is_main: bool = False
    role: str = "other"  # start, end or other (ExerciseImage.Role)
    credit: str = ""  # who made it, under which licence

    @property
    def is_url(self) -> bool:
        return self.file.startswith(("http://", "https://"))


@dataclass
class VariationRef:
    slug: str
    kind: str


# Field order is the order of the forge format, so an exported record reads like the docs.
@dataclass
class ExerciseRecord:
    name: str
    body_part: str
    equipment: str
    category: str
    difficulty: str
    source: str
    source_id: str
    slug: str = ""  # derived from the name by the loader when a format has none
    summary: str = ""
    aliases: list[str] = field(default_factory=list)
    force: str = ""
    mechanic: str = ""
    target_muscles: list[str] = field(default_factory=list)
    secondary_muscles: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    mistakes: list[str] = field(default_factory=list)
    faq: list[FAQEntry] = field(default_factory=list)
    prescription: Prescription | None = None
    images: list[ImageRef] = field(default_factory=list)
    variations: list[VariationRef] = field(default_factory=list)
    # A drawn pose (docs/poses.md). Only the forge format carries one; None leaves the stored
    # pose as it is, so an import never invents a pose and never wipes an editor's.
    pose: dict[str, Any] | None = None
    # Safety data (all optional in a file): see docs/forge-format.md.
    start_position: str = ""
    loads: list[str] = field(default_factory=list)  # area slugs
    needs_partner: bool = False
    props: list[str] = field(default_factory=list)  # prop slugs
    precautions: str = ""
    breathing: str = ""
    reviewed: bool = False
    review_note: str = ""
    status: str = Status.DRAFT
    is_featured: bool = False
    source_url: str = ""
    licence: str = ""
    # What a source says that Forge has no field for; kept on the record for the loader
    # (see IMPORT_ONLY_FIELDS). notes: the equipment's words that name no prop ("used as
    # handles for deeper range"); the loader turns them into tips.
    notes: list[str] = field(default_factory=list)
    # The conditions the source says an exercise does not suit (ExerciseDB's
    # contraindicatedFor), for the safety data (loads, precautions) to be read from.
    contraindications: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        """The stable key imports upsert on."""
        return (self.source, self.source_id)


# Fields a stored exercise cannot give back (exercise_to_record leaves them empty): a re-import
# compares records without them.
IMPORT_ONLY_FIELDS = ("notes", "contraindications", "tags")


# The forge format's key order, for documents written by exercises.importers.export.
FORGE_KEYS = [
    "slug",
    "name",
    "summary",
    "aliases",
    "body_part",
    "equipment",
    "category",
    "difficulty",
    "force",
    "mechanic",
    "target_muscles",
    "secondary_muscles",
    "steps",
    "tips",
    "mistakes",
    "faq",
    "prescription",
    "images",
    "variations",
    "pose",
    "start_position",
    "loads",
    "needs_partner",
    "props",
    "precautions",
    "breathing",
    "reviewed",
    "review_note",
    "status",
    "is_featured",
    "source",
    "source_id",
    "source_url",
    "licence",
]


@dataclass
class TaxonomyEntry:
    slug: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: which record (index and id), which field, and what."""

    message: str
    index: int | None = None
    ident: Any = None
    field: str = ""

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        where = f"Record {self.index}"
        if self.ident not in (None, ""):
            where += f" (id {self.ident!r})"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


# An import reports every bad record, up to this many (the rest wait for the next run).
MAX_BAD_RECORDS = 50


class ImporterError(Exception):
    """Bad input; nothing was written. Lists every problem found, one per line.

    `partial`, set by parsers, holds every record of the file by index (None where the record
    was bad), so an import with skip_invalid can go on with the good ones."""

    def __init__(
        self,
        problems: list[Problem] | str,
        *,
        partial: list[ExerciseRecord | None] | None = None,
    ):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        self.partial = partial
        super().__init__(self._text())

    @property
    def only_bad_records(self) -> bool:
        """Every problem names a record: the rest of the file is sound."""
        return all(problem.index is not None for problem in self.problems)

    def _text(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        records = sorted({p.index for p in self.problems if p.index is not None})
        if len(records) > MAX_BAD_RECORDS:
            # A file this broken is fixed in rounds: the first fifty bad records are enough.
            shown = set(records[:MAX_BAD_RECORDS])
            kept = [p for p in self.problems if p.index is None or p.index in shown]
            lines = [
                f"Stopped after {MAX_BAD_RECORDS} bad records of {len(records)} "
                "(fix these and run again); nothing was imported:"
            ]
            return "\n".join(lines + [f"  {problem}" for problem in kept])
        head = f"{len(self.problems)} problems"
        if records:
            head += f" in {len(records)} record{'s' if len(records) != 1 else ''}"
        lines = [f"{head}; nothing was imported:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


class RecordProblems:
    """Collects the problems of one record so a parser can report all of them at once."""

    def __init__(self, index: int, ident: Any = None):
        self.index, self.ident = index, ident
        self.problems: list[Problem] = []

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(message, self.index, self.ident, field_name))

    def __bool__(self) -> bool:
        return bool(self.problems)


class ProblemList(list):
    """Problems of a whole file; `raise_if_any()` stops before anything is written."""

    def raise_if_any(self, *, partial: list[ExerciseRecord | None] | None = None) -> None:
        if self:
            # File-wide problems first, then record by record (stable within a record).
            raise ImporterError(
                sorted(self, key=lambda p: (p.index is not None, p.index or 0)), partial=partial
            )
