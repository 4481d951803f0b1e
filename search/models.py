"""The search index's pending writes: what changed, recorded with the change itself.

Whoosh lives on local disk, outside the database's transactions. Writing it inside a request
would make the index disagree with the database whenever the request rolls back, and an
asynchronous writer that buffers updates in memory loses them when its process dies. So a change
to an indexed object writes one small row here, in the same transaction as the change: a
rollback leaves no row, a commit leaves a row that stays until the index has taken it in. The
worker drains the rows (``search.pending``, docs/decisions/0020).
"""

from django.db import models


class PendingIndexUpdate(models.Model):
    """One object whose index entry must be brought in line with the database.

    ``op`` records what happened (for reading the table), not what the drain will do: the drain
    re-reads the object and indexes it if it is still indexable, deletes it from the index
    otherwise, so replaying a row, or applying rows out of order, is harmless.
    """

    class Op(models.TextChoices):
        ADD = "add", "ajout ou modification"
        DELETE = "delete", "suppression"

    model_label = models.CharField("modèle", max_length=100)  # "app_label.ModelName"
    object_pk = models.CharField("identifiant", max_length=64)
    op = models.CharField("opération", max_length=6, choices=Op.choices)
    created = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "écriture en attente dans l'index"
        verbose_name_plural = "écritures en attente dans l'index"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.op} {self.model_label} #{self.object_pk}"
