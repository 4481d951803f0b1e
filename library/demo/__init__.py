"""The library step of ``seed_demo``: model clauses and the training module.

(When merged with the general library content, this ``seed`` calls ``seed_clauses`` and
``seed_training`` with the library index as parent.) A second run reads one row: the index,
annotated with whether the demo content is already there (clauses are created in order, in one
transaction, so the last one standing means all are).
"""

from collections.abc import Callable, Iterable

from django.db.models import Exists

from library.models import LibraryIndexPage, ModelClausePage, TrainingModulePage
from library.setup import library_setup

from .clauses import CLAUSES, seed_clauses
from .training import MODULE_TITLE, seed_training

Progress = Callable[..., Iterable]


def seed(*, progress: Progress) -> dict[str, int]:
    index = LibraryIndexPage.objects.annotate(
        _seeded=Exists(ModelClausePage.objects.filter(reference=CLAUSES[-1].reference))
        & Exists(TrainingModulePage.objects.filter(title=MODULE_TITLE))
    ).first()
    if index is not None and index._seeded:
        return {"clauses types": 0, "pages de formation": 0}
    index = index or library_setup()
    return {
        "clauses types": seed_clauses(parent=index),
        "pages de formation": seed_training(parent=index),
    }
