"""The one error type of the domain layer.

Services raise ``ApplicationError``; the API renders it as ``{"message", "code", "extra"}`` with
a 4xx status. ``message`` is French for people; ``code`` is for programs: the frontend and
scripts key their behaviour on it, never on the status number or the wording, so a message can
be reworded without breaking a client. Every code is a member of ``ErrorCode`` (listed in the
OpenAPI schema); a module that needs a new one adds it here. Domain code never imports DRF.
"""

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Stable, machine-readable reasons for a refusal."""

    # Input
    INVALID = "invalid"  # field errors under extra.fields
    PARSE_ERROR = "parse_error"  # the body could not be read
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    NOT_ACCEPTABLE = "not_acceptable"
    TOO_LARGE = "too_large"
    QUERY_EMPTY = "query_empty"  # a search without words
    QUERY_TOO_LONG = "query_too_long"  # a search longer than the limit
    INVALID_CURSOR = "invalid_cursor"  # a list cursor that is not one this list handed out
    PAGE_TOO_DEEP = "page_too_deep"  # a page number past the counted rows: follow `next`
    # Who
    NOT_AUTHENTICATED = "not_authenticated"
    AUTHENTICATION_FAILED = "authentication_failed"
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"  # a session write without a valid CSRF token: fetch one, retry
    NOT_FOUND = "not_found"  # absent, or not visible to the caller
    METHOD_NOT_ALLOWED = "method_not_allowed"
    # State
    CONFLICT = "conflict"  # the object's state forbids it now
    DEADLINE_PASSED = "deadline_passed"
    SEALED = "sealed"  # bids still sealed
    STALE = "stale"  # the client acted on an outdated version
    # Rate
    THROTTLED = "throttled"
    LOCKED_OUT = "locked_out"  # too many failed logins
    # Server
    SERVER_ERROR = "server_error"  # a fault of ours (500); never raised by domain code


class ApplicationError(Exception):
    status_code = 400
    default_code = ErrorCode.INVALID

    def __init__(
        self, message: str, extra: dict[str, Any] | None = None, *, code: ErrorCode | None = None
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.extra = extra or {}
        self.code = ErrorCode(code or self.default_code)


class NotFoundError(ApplicationError):
    """The object does not exist, or the user may not know it exists (denied reads are 404s)."""

    status_code = 404
    default_code = ErrorCode.NOT_FOUND


class PermissionDeniedError(ApplicationError):
    """The user can see the object but may not do this to it."""

    status_code = 403
    default_code = ErrorCode.PERMISSION_DENIED


class ConflictError(ApplicationError):
    status_code = 409
    default_code = ErrorCode.CONFLICT


class TooLargeError(ApplicationError):
    status_code = 413
    default_code = ErrorCode.TOO_LARGE


class ThrottledError(ApplicationError):
    """Too many requests; ``extra.retry_after_seconds`` says how long to wait."""

    status_code = 429
    default_code = ErrorCode.THROTTLED
