"""Where the rest of the demo library is added: the ten model clauses (CCTP, règlement de
consultation) and the five-lesson training module with quizzes.

``seed`` calls ``seed_extra`` once the guides and fiches exist; it must skip what exists (by
slug or reference) so that a second ``seed_demo`` changes nothing, and count what it creates in
``created`` (``created["clauses"] += 1``…). A second run must stay a few bulk reads:
``seed_demo`` asserts a fixed query budget for a run that creates nothing. List the slugs of
the pages it creates in ``EXTRA_SLUGS``: when they and the guides all exist, the library step
stops after one query.
"""

from collections import Counter

from collectivites.models import User

from ..models import LibraryIndexPage

EXTRA_SLUGS: tuple[str, ...] = ()


def seed_extra(*, index: LibraryIndexPage, animator: User, created: Counter) -> None:
    """Model clauses and the training module (to come)."""
