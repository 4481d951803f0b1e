from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """The platform's one task queue: how tasks are declared, retried, scheduled and watched.

    Domain apps define their tasks in ``<app>/tasks.py`` with ``background.queue.task`` and
    enqueue them with ``background.queue.enqueue_on_commit`` (docs/decisions/0010). This app
    imports from no domain app.
    """

    name = "background"
    verbose_name = "Tâches de fond"
