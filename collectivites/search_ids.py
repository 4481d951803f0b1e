"""Which rows match some words, as ids, for lists that filter by words and order themselves.

The tender list and the library list narrow their rows with ``?q=`` and keep their own order
(date, reference): they ask the search backend only for the ids of the matches, then filter
their queryset, already restricted by the "view" rule, with ``pk__in``. A backend that reads its
hits back from the database (Whoosh's results do, as a guard for what the index may still hold
after a change of visibility) would read those rows twice; the caller's ``pk__in`` on its own
visible queryset is that guard already. So when the backend can answer with its keys alone
(``keys()``: search/backends/whoosh/results.py), it does; otherwise the hits are read as
usual, the caller's queryset limited to ``pk``.
"""

from django.db.models import QuerySet
from wagtail.search.backends import get_search_backend


def matching_ids(query: str, findable: QuerySet, *, limit: int) -> list:
    """Ids of at most ``limit`` rows of ``findable`` (filtered by the "search" rule) matching
    every word of ``query``, newest key first. Intersect them with a queryset already filtered
    by the "view" rule: they are not re-checked here."""
    found = get_search_backend().search(
        query, findable.only("pk"), operator="and", order_by_relevance=False
    )[:limit]
    keys = getattr(found, "keys", None)
    if keys is not None:
        return keys()
    return [row.pk for row in found]
