"""Diagnostic only: our ASGI application with co-editing's store taken out.

Used by compare.py's ``…-nostore`` targets, never by the platform: the server is started with
``bench.coediting.nostore:application`` instead of ``config.asgi:application``. Each room
numbers its updates itself (the next seqs after the room's own) and stores nothing, so a run
measures what the relay alone costs on a given server stack (uvicorn, Channels, our consumer,
pycrdt's checks, the writes): the floor under the durable server, which is what issue 14's
1.2× target is compared against (bench/coediting/README.md, sessions 20 and 23).

Everything else is the production path: tickets and permission checks at connect, the
consumer's validation, the room's lock, group commit, apply, broadcast through the channel
layer. Not durable by construction: a result of these targets is never a figure of the
platform.
"""

from config.asgi import application
from spaces.coedit import log_writer, rooms

__all__ = ["application"]


async def _number_without_storing(*, draft_id: int, updates: list) -> list[int]:
    # A room appends under its lock and applies what it appended before it lets go, so its
    # seq is the last one numbered (one worker: nothing arrives from another).
    last = rooms.registry.rooms[draft_id].seq
    return list(range(last + 1, last + 1 + len(updates)))


log_writer.append_updates = _number_without_storing
