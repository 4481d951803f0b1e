"""The one error type of the domain layer.

Services raise ``ApplicationError``; the API renders it as ``{"message", "extra"}`` with a 4xx
status, and consumers send the same shape. Domain code never imports DRF.
"""

from typing import Any


class ApplicationError(Exception):
    status_code = 400

    def __init__(self, message: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}


class NotFoundError(ApplicationError):
    """The object does not exist, or the user may not know it exists (denied reads are 404s)."""

    status_code = 404


class PermissionDeniedError(ApplicationError):
    """The user can see the object but may not do this to it."""

    status_code = 403


class ConflictError(ApplicationError):
    status_code = 409
