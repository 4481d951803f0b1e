"""modelsearch's PostgreSQL backend, in French with accents folded (``SEARCH_BACKEND=postgres``).

When the platform runs on several machines, a Whoosh index on one machine's disk cannot be shared;
PostgreSQL's full-text search can (docs/decisions/0021). The text search configurations used here
and the GIN index that makes the query use an index are created by
``search/migrations/0002_french_text_search.py``. A write updates only its own objects' entries
(``OwnEntriesIndex``, docs/decisions/0037).
"""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Avg, Count, F, Window
from django.db.models.functions import Length, RowNumber
from django.utils.encoding import force_str
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.utils import get_content_type_pk

# Created by the migration: french with unaccent before french_stem; simple with unaccent.
SEARCH_CONFIG = "french_unaccent"
AUTOCOMPLETE_CONFIG = "simple_unaccent"


class DistinctResultsMixin:
    """Each object once, with its best-ranked match.

    modelsearch joins the searched table to its index entries and filters the rows of that join,
    so an object comes back once per matching row: twice when it has two entries (multi-table
    inheritance: a parent model and its child both indexed, ``update_index`` writes one entry per
    model) or when the queryset filters through a many-to-many relation (``RelatedFields`` on the
    collectivités allowed: one row per allowed collectivité of the user). A window keeps the
    first row of each object; counts and pages then count objects, not rows.
    """

    def _apply_ordering_and_scoring(self, queryset, rank_expression, start, stop, score_field=None):
        best_first = rank_expression.desc() if self.order_by_relevance else F("pk").asc()
        queryset = queryset.annotate(
            _copy_=Window(RowNumber(), partition_by=[F("pk")], order_by=[best_first])
        ).filter(_copy_=1)
        return super()._apply_ordering_and_scoring(
            queryset, rank_expression, start, stop, score_field
        )


class FrenchSearchQueryCompiler(DistinctResultsMixin, PostgresSearchQueryCompiler):
    pass


class FrenchAutocompleteQueryCompiler(DistinctResultsMixin, PostgresAutocompleteQueryCompiler):
    pass


class DistinctFacetResults(PostgresSearchResults):
    """Facet counts count objects: modelsearch counts the rows of its join (see above)."""

    def facet(self, field_name):
        if self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # raises modelsearch's FilterFieldError
        matches = self.query_compiler.search(
            self.query_compiler.get_config(self.backend), None, None, backend=self.backend
        )
        counts = (
            matches.values(field_name).annotate(count=Count("pk", distinct=True)).order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in counts)


class OwnEntriesIndex(PostgresIndex):
    """An index write updates its own objects' entries, never another object's.

    After upserting entries (each with ``title_norm`` 1.0, "not computed yet"), modelsearch
    recomputes ``title_norm`` (average title length / this title's length) for every entry still
    at 1.0, meaning to reach only the new ones. But an entry whose title has exactly the average
    length keeps 1.0 after its own refresh — every entry, when titles are alike ("CCTP 1",
    "CCTP 2": two lexemes each) — and is rewritten by every later write. A write in a transaction
    (a compaction, tasks run at once) then held its own entry and waited for the other writers'
    ones, which waited for it: PostgreSQL's deadlock detector killed all but one, and their
    index updates were lost. Here the refresh is limited to the entries just written, whose
    norm modelsearch's refresh computes the same way; the full refresh of a rebuild
    (``update_index``) is unchanged.
    """

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)  # its own refresh is skipped (_refresh_title_norms)
        if objs and model.get_search_fields():
            self._refresh_own_title_norms(model, objs)

    def _refresh_title_norms(self, full=False):
        if full:
            super()._refresh_title_norms(full=True)

    def _refresh_own_title_norms(self, model, objs) -> None:
        with_length = self.entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
        average = with_length.aggregate(Avg("title_length"))["title_length__avg"]
        with_length.filter(
            content_type_id=get_content_type_pk(model),
            object_id__in=[force_str(obj.pk) for obj in objs],
        ).update(title_norm=average / F("title_length"))


class FrenchPostgresSearchBackend(PostgresSearchBackend):
    """Search with ``french_unaccent``; autocomplete folds accents too ("ener" → "énergie").

    modelsearch hard-codes ``simple`` for autocomplete (no stemming: prefixes of words, not of
    stems), which keeps accents: "ener" would not complete "énergie". ``simple_unaccent`` is the
    same dictionary behind ``unaccent``.
    """

    query_compiler_class = FrenchSearchQueryCompiler
    autocomplete_query_compiler_class = FrenchAutocompleteQueryCompiler
    results_class = DistinctFacetResults
    index_class = OwnEntriesIndex

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", AUTOCOMPLETE_CONFIG)


SearchBackend = FrenchPostgresSearchBackend
