"""Domain errors: how a service says "no" to a user's request.

A library layer: it imports no app, so every app may raise these. HTML views catch
``DomainError`` (and only it) to show the message; the API's exception handler
(``forge.lib.api.api_exception_handler``) turns it into the JSON error shape. Anything else a
service raises is a programming error and stays a 500.
"""


class DomainError(Exception):
    """A request the domain refuses. ``message`` is written for the person who asked."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def as_errors(self) -> dict[str, list[str]]:
        """Field errors for the API's ``errors`` object (empty when no field is to blame)."""
        return {self.field: [self.message]} if self.field else {}


class InvalidInput(DomainError):
    """Input that passed the form or serializer but breaks a domain rule."""


class LimitReached(DomainError):
    """Something would grow past a limit; the message says which."""

    code = "limit_reached"


class Conflict(DomainError):
    """The request clashes with the current state (e.g. it was already done)."""

    status = 409
    code = "conflict"
