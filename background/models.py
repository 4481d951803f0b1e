"""The task queue's rows, as the admin shows them (django-tasks-db owns the table)."""

from django.contrib import admin
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .queue import attempt_of

STATUS_LABELS = {
    TaskResultStatus.READY: "En attente",
    TaskResultStatus.RUNNING: "En cours",
    TaskResultStatus.FAILED: "Échec",
    TaskResultStatus.SUCCESSFUL: "Réussie",
}


class QueuedTask(DBTaskResult):
    """A proxy: French names and the few derived values the admin lists; no table of its own."""

    class Meta:
        proxy = True
        verbose_name = "tâche de fond"
        verbose_name_plural = "tâches de fond"

    def __str__(self) -> str:
        return f"{self.task_name} ({self.status_label().lower()})"

    @admin.display(description="Tâche")
    def name(self) -> str:
        return self.task_name

    @admin.display(description="Statut")
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @admin.display(description="Essai")
    def attempt(self) -> int:
        return attempt_of(self.args_kwargs.get("kwargs", {}))

    @admin.display(description="Erreur")
    def error(self) -> str:
        """The exception's last line (``ValueError: …``), or "" for a run that did not fail."""
        lines = [line for line in self.traceback.splitlines() if line.strip()]
        return lines[-1] if lines else ""
