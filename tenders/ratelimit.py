"""Rate limits on bid submissions and DCE downloads, per account and per address.

Enforced in the services (``bid_submit``, ``document_download``, ``dce_download``), not in the
views, so a second caller cannot skip them. Fixed windows counted in the cache (Redis when
``REDIS_URL`` is set, so every worker shares the counts; in-process memory otherwise).
``settings.TENDER_RATE_LIMITS`` gives, per action, ``"count/period"`` for the account and for
the address (``s``, ``min``, ``hour``, ``day``); an empty value switches that limit off. A limit
reached is a 429 (``ThrottledError``) whose ``extra.retry_after_seconds`` says how long to wait.

Why limits at all: submissions are costly (signature checks, antivirus, encryption of up to
hundreds of MB) and downloads are the registre des retraits; one account or address looping on
them would starve the others near a deadline.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from collectivites.errors import ThrottledError

PERIODS = {"s": 1, "sec": 1, "min": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int] | None:
    """``"20/hour"`` → (20, 3600); None when empty (no limit)."""
    if not rate:
        return None
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()]


def _key(action: str, kind: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]  # no raw address in the cache
    return f"tenders:rl:{action}:{kind}:{digest}:{window}"


def _hit(action: str, kind: str, ident: str, rate: str, message: str) -> None:
    parsed = parse_rate(rate)
    if parsed is None:
        return
    limit, period = parsed
    now = time.time()
    window = int(now // period)
    key = _key(action, kind, ident, window)
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        wait = max(1, int((window + 1) * period - now) + 1)
        raise ThrottledError(
            f"{message} Réessayez dans {wait} seconde{'s' if wait > 1 else ''}.",
            extra={"retry_after_seconds": wait, "limit": rate, "per": kind},
        )


def check(*, action: str, user=None, ip: str | None = None) -> None:
    """Count one ``action`` for the account and the address; 429 past either limit."""
    limits = settings.TENDER_RATE_LIMITS.get(action, {})
    messages = {
        "bid_submit": "Trop de dépôts de plis en peu de temps.",
        "download": "Trop de téléchargements en peu de temps.",
    }
    message = messages.get(action, "Trop de requêtes en peu de temps.")
    if user is not None and getattr(user, "is_authenticated", False):
        _hit(action, "account", str(user.pk), limits.get("account", ""), message)
    if ip:
        _hit(action, "address", ip, limits.get("address", ""), message)
