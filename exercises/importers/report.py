"""What an import did, in sentences a newcomer can follow."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FIRST_FEW = 5


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


@dataclass
class SkippedRecord:
    """A record an import with skip_invalid left out: where it is in the file, and why."""

    index: int
    ident: str
    name: str
    reasons: list[str]

    def __str__(self) -> str:
        what = f"Record {self.index}"
        if self.ident:
            what += f" (id {self.ident!r})"
        if self.name:
            what += f" “{self.name}”"
        return f"{what}: {'; '.join(self.reasons)}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    taxonomy_created: int = 0
    taxonomy_updated: int = 0
    images_saved: int = 0
    renditions_made: int = 0  # pictures whose renditions were made
    # Records from another source folded into an exercise Forge already has.
    linked: int = 0
    # One line per match across sources: which record is which exercise, and what changes.
    matches: list[str] = field(default_factory=list)
    dry_run: bool = False
    format: str = ""  # the format the file was read as
    images_dir: Path | None = None
    # Image files the records name that are not in --images: (record id, file).
    images_missing: list[tuple[str, str]] = field(default_factory=list)
    # Images left out because no --images folder was given, or URLs without --fetch-images.
    images_skipped_no_folder: list[tuple[str, str]] = field(default_factory=list)
    images_skipped_urls: list[tuple[str, str]] = field(default_factory=list)
    # Records left out by an import with skip_invalid, in file order.
    skipped: list[SkippedRecord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, for the import record kept in the database."""
        data = asdict(self)
        data["images_dir"] = None
        data["summary"] = self.summary()
        data["skipped"] = [asdict(s) for s in self.skipped]
        return data

    def summary(self) -> str:
        prefix = "Dry run, nothing saved: would have " if self.dry_run else ""
        lines = [
            f"{prefix}created {self.created}, updated {self.updated}, "
            f"left {self.unchanged} unchanged exercises"
            f"{f', linked {self.linked} to exercises already here' if self.linked else ''}; "
            "vocabulary: "
            f"{self.taxonomy_created} new, {self.taxonomy_updated} updated; "
            f"{_plural(self.images_saved, 'image')} saved."
        ]
        if self.skipped:
            lines.append(
                f"{_plural(len(self.skipped), 'invalid record')} "
                f"{'would be' if self.dry_run else ('was' if len(self.skipped) == 1 else 'were')}"
                " skipped:"
            )
            lines += [f"  {skipped}" for skipped in self.skipped]
        lines += self.image_notes()
        return "\n".join(lines)

    def image_notes(self) -> list[str]:
        """Why images named by the records were not saved, with the first few of each kind."""
        notes = []
        if self.images_missing:
            folder = self.images_dir
            held = _folder_contents(folder) if folder else ""
            notes.append(
                f"{_plural(len(self.images_missing), 'image file')} named by "
                f"{_plural(_records(self.images_missing), 'record')} "
                f"{'was' if len(self.images_missing) == 1 else 'were'} not in {folder}"
                f"{held}; those exercises were imported without them. "
                f"First few: {_first_few(self.images_missing)}."
            )
        if self.images_skipped_no_folder:
            notes.append(
                f"{_plural(len(self.images_skipped_no_folder), 'image file')} named by "
                f"{_plural(_records(self.images_skipped_no_folder), 'record')} "
                "left out: no --images folder was given to read them from."
            )
        if self.images_skipped_urls:
            notes.append(
                f"{_plural(len(self.images_skipped_urls), 'image URL')} named by "
                f"{_plural(_records(self.images_skipped_urls), 'record')} left out: "
                "add --fetch-images to download them. "
                f"First few: {_first_few(self.images_skipped_urls)}."
            )
        return notes


def _records(items: list[tuple[str, str]]) -> int:
    return len({ident for ident, _ in items})


def _first_few(items: list[tuple[str, str]]) -> str:
    shown = ", ".join(name for _, name in items[:FIRST_FEW])
    more = len(items) - FIRST_FEW
    return shown + (f" and {more:,} more" if more > 0 else "")


def _folder_contents(folder: Path) -> str:
    """“ (the folder holds 40 image files for 20 exercises)”, to explain the gap."""
    try:
        files = [path for path in folder.rglob("*") if path.is_file()]
    except OSError:
        return ""
    groups = {path.parent for path in files if path.parent != folder}
    text = f" (the folder holds {_plural(len(files), 'file')}"
    if groups:
        text += f", in {_plural(len(groups), 'subfolder')}"
    return text + ")"
