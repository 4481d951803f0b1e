"""Session authentication whose CSRF refusal has its own code (``csrf_failed``).

DRF refuses a session-authenticated write without a valid CSRF token with a generic
``PermissionDenied`` ("CSRF Failed: ..."): a client could not tell it from a missing right, and a
SPA whose cookie rotated (a login in another tab) should fetch a new token and retry rather than
tell the user they lack the right. Token-authenticated calls never reach this check.
"""

from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions


class CsrfFailed(exceptions.PermissionDenied):
    default_detail = "Jeton CSRF absent ou invalide : rechargez la page puis réessayez."
    default_code = "csrf_failed"


class SessionAuthentication(authentication.SessionAuthentication):
    def enforce_csrf(self, request) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise CsrfFailed(extra_reason(refused)) from refused


def extra_reason(refused: exceptions.PermissionDenied) -> str:
    """The French message, then Django's reason ("CSRF token missing.") for whoever debugs."""
    reason = str(refused.detail).removeprefix("CSRF Failed: ")
    return f"{CsrfFailed.default_detail} ({reason})"


class SessionCookieScheme(SessionScheme):
    """The schema's ``cookieAuth`` for this subclass (drf-spectacular matches exact classes)."""

    target_class = "api.authentication.SessionAuthentication"
