"""Collect every bad record of an import (up to a limit) instead of stopping at the first.

Self-contained: the importer passes its own error class. Usage::

    errors = RecordErrors(ImporterError)
    records = errors.each(normalize_record, raw_records)   # good ones; bad ones noted
    errors.raise_if_any()                                  # one error listing them all
"""

from collections.abc import Callable, Iterable
from typing import Any

MAX_REPORTED = 50


class TooManyErrors(Exception):
    """Raised inside `each` once the limit is reached, to stop reading further records."""


class RecordErrors:
    def __init__(self, error_class: type[Exception], *, limit: int = MAX_REPORTED):
        self.error_class = error_class
        self.limit = limit
        self.messages: list[str] = []
        self.truncated = False

    def call(self, function: Callable, *args: Any, **kwargs: Any) -> Any:
        """The function's result, or None after noting its error (of the importer's class)."""
        if self.truncated:
            return None
        try:
            return function(*args, **kwargs)
        except self.error_class as error:
            self.messages.append(str(error))
            if len(self.messages) >= self.limit:
                self.truncated = True
            return None

    def each(self, function: Callable[[Any, int], Any], items: Iterable) -> list:
        """function(item, index) for every item; the results of those that passed."""
        results = []
        for index, item in enumerate(items):
            result = self.call(function, item, index)
            if self.truncated:
                break
            if result is not None:
                results.append(result)
        return results

    def raise_if_any(self) -> None:
        if not self.messages:
            return
        count = len(self.messages)
        if count == 1:
            raise self.error_class(self.messages[0])
        head = (
            f"Stopped after {count} bad records (fix these and run again):"
            if self.truncated
            else f"{count} bad records, nothing imported:"
        )
        raise self.error_class("\n".join([head, *(f"  {m}" for m in self.messages)]))
