"""The model clauses (CCTP, règlement de consultation) and the five-lesson training module with
quizzes, added once the guides and fiches exist.

Their pages have fixed slugs (``EXTRA_SLUGS``): when they and the guides all exist, the library
step of ``seed_demo`` stops after one query; otherwise each part skips what exists.
"""

from collections import Counter

from collectivites.models import User

from ..models import LibraryIndexPage
from .clauses import CLAUSES, clause_slug, seed_clauses
from .training import MODULE_SLUG, seed_training

EXTRA_SLUGS: tuple[str, ...] = (*(clause_slug(clause) for clause in CLAUSES), MODULE_SLUG)


def seed_extra(*, index: LibraryIndexPage, animator: User, created: Counter) -> None:
    created["clauses types"] += seed_clauses(parent=index)
    created["pages de formation"] += seed_training(parent=index)
