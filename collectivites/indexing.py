"""Telling the search index about rows changed with ``QuerySet.update()``.

The index follows saves through ``post_save`` (modelsearch's handlers, or the durable queue's
that replace them, docs/decisions/0020). A conditional ``UPDATE`` (a status transition that
must not race) sends no signal, so a service that changes an indexed field that way calls
``index_changed`` afterwards, in the same transaction. It sends ``row_changed``, not
``post_save``: every other ``post_save`` receiver (audit, notifications, caches, a library's)
would take an update that was no ``save()`` for one, and run again for a change its own caller
already handled. The search app, which the core may not import, connects its save handler to
``row_changed`` for each indexed model (``search.pending_signals``), so the index re-reads the
row from the database as after a save, whatever backend runs.
"""

from django.db import models
from django.dispatch import Signal

# Sent with post_save's arguments; its receivers are the search index's save handlers.
row_changed = Signal()


def index_changed(obj: models.Model, *, fields: list[str]) -> None:
    """``obj``'s row changed in the database (``fields`` of it) without ``save()``."""
    row_changed.send(
        sender=type(obj),
        instance=obj,
        created=False,
        update_fields=frozenset(fields),
        raw=False,
        using=obj._state.db or "default",
    )
