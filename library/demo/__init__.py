"""The library step of ``seed_demo``: model clauses and the training module.

(When merged with the general library content, this ``seed`` calls ``seed_clauses`` and
``seed_training`` with the library index as parent.)
"""

from collections.abc import Callable, Iterable

from library.models import LibraryIndexPage
from library.setup import library_setup

from .clauses import seed_clauses
from .training import seed_training

Progress = Callable[..., Iterable]


def seed(*, progress: Progress) -> dict[str, int]:
    # The index and its workflow are ``setup_platform``'s; a second run reads one row.
    index = LibraryIndexPage.objects.first() or library_setup()
    return {
        "clauses types": seed_clauses(parent=index),
        "pages de formation": seed_training(parent=index),
    }
