"""Short-lived, single-use WebSocket tickets.

Browsers send the session cookie with a WebSocket handshake, but other Yjs clients (scripts, a
frontend on another origin) cannot set headers on it, and the cookie only counts from an allowed
Origin (``config/ws_origin.py``): they ask the API for a ticket and pass it as ``?ticket=``,
with any Origin or none. A ticket is not an ambient credential: a page has one only if it was
given one. Tickets live in the database, hashed, so any worker can redeem them, and a
conditional UPDATE makes redemption single-use even when two workers race.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from collectivites.models import User
from collectivites.permissions import require

from ..models import Draft, DraftTicket

TICKET_LIFETIME = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ticket_issue(*, user: User, draft: Draft) -> str:
    """A ticket for ``user`` to open ``draft``'s co-editing socket (readers too)."""
    require(user, "view", draft)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    DraftTicket.objects.filter(expires_at__lt=now).delete()
    DraftTicket.objects.create(
        token_sha256=_digest(token), draft=draft, user=user, expires_at=now + TICKET_LIFETIME
    )
    return token


def ticket_redeem(*, token: str, draft_id: int) -> User | None:
    """The ticket's user if it is valid for this draft, unexpired and unused; else None."""
    if not token or len(token) > 200:
        return None
    digest = _digest(token)
    now = timezone.now()
    used = DraftTicket.objects.filter(
        token_sha256=digest, draft_id=draft_id, used_at__isnull=True, expires_at__gte=now
    ).update(used_at=now)
    if not used:
        return None
    ticket = DraftTicket.objects.select_related("user").get(token_sha256=digest)
    return ticket.user if ticket.user.is_active else None
