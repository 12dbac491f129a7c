"""Small readers for JSON values that note a problem instead of raising, shared by formats.

Each returns a usable default after noting the problem, so a parser can carry on and report
every bad field of a record at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from exercises import safe_json
from exercises.importers.records import ImporterError, ProblemList, RecordProblems


def read_json(path: Path) -> Any:
    try:
        # Size and nesting limits first (exercises.safe_json): no RecursionError, no huge read.
        return safe_json.load_json(path)
    except safe_json.UnsafeInput as error:
        raise ImporterError(f"{path}: {error}") from None
    except FileNotFoundError:
        raise ImporterError(f"{path}: no such file.") from None
    except UnicodeDecodeError as error:
        raise ImporterError(f"{path}: not UTF-8 text ({error.reason}).") from None
    except json.JSONDecodeError as error:
        raise ImporterError(
            f"{path}: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})."
        ) from None


def text(
    raw: dict,
    key: str,
    problems: RecordProblems,
    *,
    required: bool = False,
    default: str = "",
    label: str | None = None,
) -> str:
    label = label or key
    value = raw.get(key, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        problems.add(label, f"must be text, not {type(value).__name__}.")
        return default
    value = value.strip()
    if required and not value:
        problems.add(label, "is required.")
    return value


def text_list(raw: dict, key: str, problems: RecordProblems) -> list[str]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(key, "must be a list of texts.")
        return []
    return [item.strip() for item in value if item.strip()]


def choice(value: Any, choices: list[str], problems: RecordProblems, key: str) -> str:
    if value is None:
        value = ""
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        problems.add(key, f"unknown value {value!r}; expected one of {allowed}.")
        return choices[0]
    return value


def mapped(value: Any, mapping: dict, problems: RecordProblems, key: str) -> Any:
    """Look a source's vocabulary value up in a format's mapping table."""
    try:
        return mapping[value]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in mapping if k is not None)
        problems.add(key, f"unknown value {value!r}; expected one of {known}.")
        return None


def parse_list(data: Any, parse_record, *, label: str) -> list:
    """A format whose file is a JSON list of records: parse each one, then report every
    problem found at once (``parse_record(raw, index) -> (record, RecordProblems)``)."""
    if not isinstance(data, list):
        raise ImporterError(f"Not {label} file: expected a JSON list of exercises.")
    problems = ProblemList()
    records = []
    for index, raw in enumerate(data):
        record, found = parse_record(raw, index)
        problems.extend(found.problems)
        records.append(None if found else record)
    problems.raise_if_any(partial=records)
    return records
