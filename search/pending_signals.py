"""Saves and deletes of indexed objects recorded in their own transaction (docs/decisions/0020).

modelsearch connects, for every indexed model, a ``post_save`` handler that enqueues
``insert_or_update_object_task`` and a ``post_delete`` handler that writes the index at once.
For a backend that queues its writes, the first adds a hop (a task that only records the row,
lost if a worker dies while running it: django-tasks-db has no lease) and the second writes
inside the request. These handlers replace both: with a queued backend, the change records its
pending row directly; with backends that write at once (``SEARCH_BACKEND=postgres``), a delete
calls modelsearch's handler and a save enqueues ``search.tasks.index_object``, modelsearch's
task with retries.

modelsearch connects its handlers in its app config's ``ready()``, after which they can be
disconnected; ``WagtailSearchConfig`` is that app config (``wagtail.search``, same name and
label) with the replacement added, and is what ``INSTALLED_APPS`` lists.

The save handler also receives ``collectivites.indexing.row_changed``, which services send after
a ``QuerySet.update()`` of an indexed field: the index learns the change, and no other
``post_save`` receiver takes it for a save.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.search.apps import WagtailSearchAppConfig


def post_save_handler(instance, raw=False, **kwargs):
    from . import pending
    from .tasks import index_object

    if raw:
        return
    if pending.queued_backend_names():
        pending.record([instance], pending.PendingIndexUpdate.Op.ADD)
    if pending.has_direct_backends():
        # As modelsearch's handler does, with our task, which is retried (search.tasks).
        index_object.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def post_delete_handler(instance, **kwargs):
    from modelsearch import signal_handlers

    from . import pending

    if pending.queued_backend_names():
        pending.record([instance], pending.PendingIndexUpdate.Op.DELETE)
    if pending.has_direct_backends():
        signal_handlers.post_delete_signal_handler(instance, **kwargs)


def replace_signal_handlers() -> None:
    from modelsearch import index, signal_handlers

    from collectivites.indexing import row_changed

    for model in index.get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
        post_save.connect(post_save_handler, sender=model)
        post_delete.connect(post_delete_handler, sender=model)
        row_changed.connect(post_save_handler, sender=model)


class WagtailSearchConfig(WagtailSearchAppConfig):
    """``wagtail.search`` whose save/delete handlers record pending index writes."""

    default = False

    def ready(self):
        super().ready()
        replace_signal_handlers()
