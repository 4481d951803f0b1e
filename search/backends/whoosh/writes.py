"""The one way documents enter or leave a Whoosh index: ``apply(index, add=..., delete=...)``.

A durable queue (pending updates drained by the task worker) calls this; so do the backend's
synchronous ``add``/``add_bulk``/``delete``. One writer at a time per index: Whoosh's file lock,
waited for up to ``timeout`` seconds, then :class:`IndexBusyError`. Commits merge small segments
but never ``optimize()`` (a full rewrite of the index on a write would stall every other writer).
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh.index import LockError

from .schema import ID, DocumentBuilder
from .storage import open_index

DEFAULT_WRITE_TIMEOUT = 10.0


class IndexBusyError(RuntimeError):
    """Another writer held the index longer than the timeout; the caller may retry later."""


def _key(item) -> str:
    return str(getattr(item, "pk", item))


def write_documents(writer, schema, add: Iterable = (), delete: Iterable = ()) -> int:
    """Queue updates on an open writer; returns how many operations were applied."""
    builder = DocumentBuilder(schema)
    count = 0
    for obj in add:
        writer.update_document(**builder.build(obj))
        count += 1
    for item in delete:
        writer.delete_by_term(ID, _key(item))
        count += 1
    return count


def open_writer(ix, timeout: float):
    try:
        return ix.writer(timeout=timeout)
    except LockError as exc:
        raise IndexBusyError(
            f"The search index {ix.storage.folder} is locked by another writer "
            f"(waited {timeout:g} s)."
        ) from exc


def apply(index, add: Iterable = (), delete: Iterable = (), timeout: float | None = None) -> int:
    """Add (or replace) ``add`` objects and remove ``delete`` objects or keys, in one commit.

    ``index`` is a :class:`~search.backends.whoosh.backend.WhooshIndex`; objects must be indexed
    instances of its model root (``obj.get_indexed_instance()``). Returns the operation count.
    """
    add, delete = list(add), list(delete)
    if not add and not delete:
        return 0
    schema = index.schema
    ix = open_index(index.storage.ensure(schema.whoosh_schema), schema.whoosh_schema)
    writer = open_writer(ix, index.backend.write_timeout if timeout is None else timeout)
    try:
        count = write_documents(writer, schema, add, delete)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=False, merge=True)
    return count
