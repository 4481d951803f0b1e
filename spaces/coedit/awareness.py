"""A connection's awareness (cursors, names): which state it may set, how big, how often.

Awareness is not stored, but the room keeps every client's state and sends all of them to each
newcomer, so one connection's states cost memory and bandwidth to everyone: a reader could
otherwise hold megabytes per socket, and a room of such states made the newcomer's greeting one
frame larger than any client accepts. Hence, per connection:

- one client id, the first one seen on the socket (a client cannot speak for others);
- the user's own display name written into ``user.name`` (nobody can pose as someone else);
- the state, as the room keeps and relays it, at most ``COEDIT_AWARENESS_MAX_STATE_BYTES``
  (over it: ``StateTooBig``, the consumer closes 4413 and nothing is relayed);
- at most ``COEDIT_AWARENESS_PER_SECOND`` messages passed to the room per second. Beyond that
  the latest state waits and replaces any waiting before it; it goes when the budget allows.
  Dropping it outright would leave a fast typist's cursor where it was until the client renews
  its state (15 s); closing would punish ordinary typing, since editors send one awareness
  update per cursor move.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable

from .protocol import AwarenessEntry, state_size


class StateTooBig(Exception):
    """The client's awareness state is over ``COEDIT_AWARENESS_MAX_STATE_BYTES``."""


def vet(
    entries: list[AwarenessEntry], *, client_id: int | None, name: str, max_state_bytes: int
) -> tuple[int | None, list[AwarenessEntry]]:
    """(The socket's client id, the entries to pass on): its own only, under the user's name."""
    if client_id is None and entries:
        client_id = entries[0].client_id
    kept = []
    for entry in entries:
        if entry.client_id != client_id:
            continue
        state = entry.state
        if state is not None:
            user = state.get("user")
            user = dict(user) if isinstance(user, dict) else {}
            user["name"] = name
            state = {**state, "user": user}
            if state_size(state) > max_state_bytes:
                raise StateTooBig(entry.client_id)
        kept.append(AwarenessEntry(entry.client_id, entry.clock, state))
    return client_id, kept


class TokenBucket:
    """``rate`` tokens per second, at most ``rate`` (and at least one) saved up."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic):
        self.rate = rate
        self.capacity = max(rate, 1.0)
        self.tokens = self.capacity
        self.clock = clock
        self.last = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def take(self) -> bool:
        self._refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self) -> float:
        """Seconds until a token is there."""
        self._refill()
        return max(0.0, (1 - self.tokens) / self.rate)


class Throttle:
    """Passes a connection's awareness entries on within the rate; coalesces the excess."""

    def __init__(self, send: Callable[[list[AwarenessEntry]], Awaitable[None]], rate: float):
        self.send = send
        self.bucket = TokenBucket(rate)
        self._waiting: list[AwarenessEntry] | None = None
        self._task: asyncio.Task | None = None

    async def submit(self, entries: list[AwarenessEntry]) -> None:
        if self._waiting is None and self.bucket.take():
            await self.send(entries)
            return
        self._waiting = entries  # replaces an older waiting state: only the latest matters
        if self._task is None:
            self._task = asyncio.create_task(self._send_later())

    def allow(self) -> bool:
        """Take from the same budget for another kind of message (query-awareness)."""
        return self.bucket.take()

    async def _send_later(self) -> None:
        try:
            while self._waiting is not None:
                await asyncio.sleep(self.bucket.wait())
                if self.bucket.take():
                    entries, self._waiting = self._waiting, None
                    await self.send(entries)
        finally:
            self._task = None

    def cancel(self) -> None:
        self._waiting = None
        if self._task is not None:
            self._task.cancel()
