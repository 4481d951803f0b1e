"""Telling the search index about rows changed with ``QuerySet.update()``.

The index follows saves through ``post_save`` (modelsearch's handlers, or the durable queue's
that replace them, docs/decisions/0020). A conditional ``UPDATE`` (a status transition that
must not race) sends no signal, so a service that changes an indexed field that way calls
``index_changed`` afterwards, in the same transaction: the index's handlers receive the same
signal a ``save()`` sends and re-read the row from the database, whatever backend runs.
"""

from django.db import models
from django.db.models.signals import post_save


def index_changed(obj: models.Model, *, fields: list[str]) -> None:
    """``obj``'s row changed in the database (``fields`` of it) without ``save()``."""
    post_save.send(
        sender=type(obj),
        instance=obj,
        created=False,
        update_fields=frozenset(fields),
        raw=False,
        using=obj._state.db or "default",
    )
