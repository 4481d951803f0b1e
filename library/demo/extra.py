"""Where the rest of the demo library is added: the ten model clauses (CCTP, règlement de
consultation) and the five-lesson training module with quizzes.

``seed`` calls ``seed_extra`` once the guides and fiches exist; it must skip what exists (by
slug or reference) so that a second ``seed_demo`` changes nothing, and count what it creates in
``created`` (``created["clauses"] += 1``…).
"""

from collections import Counter

from collectivites.models import User

from ..models import LibraryIndexPage


def seed_extra(*, index: LibraryIndexPage, animator: User, created: Counter) -> None:
    """Model clauses and the training module (to come)."""
