"""modelsearch's PostgreSQL backend, in French with accents folded (``SEARCH_BACKEND=postgres``).

When the platform runs on several machines, a Whoosh index on one machine's disk cannot be shared;
PostgreSQL's full-text search can (docs/decisions/0021). The text search configurations used here
and the GIN index that makes the query use an index are created by
``search/migrations/0002_french_text_search.py``.
"""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not

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


class IndexedMatchMixin:
    """Match the text in the index table first, so PostgreSQL can use its GIN index.

    modelsearch filters the joined rows with ``(title || body) @@ query``. With a permission
    filter on the searched model (public, or owned by the user's collectivités) the planner
    walked the permitted objects and tested each one's index entry: 1.3 s at 100 000 documents
    (bench/search). Asking for the entries that match in a subquery of the index table lets the
    GIN index answer the text part and the join keep the rest. The vector is also no longer
    selected (``alias``, not ``annotate``): it made each row of the sort several kilobytes.
    Searches restricted to named fields (``fields=``) match the model's columns, not the index
    table, and keep modelsearch's query.
    """

    def search(self, config, start, stop, score_field=None, backend=None):
        if self.fields is not None or isinstance(self.query, (MatchAll, Fuzzy)):
            return super().search(config, start, stop, score_field, backend)
        if isinstance(self.query, Not) and isinstance(self.query.subquery, MatchAll):
            return self.queryset.none()
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        entry_vector = self._entry_vector()
        matching = (
            IndexEntry.objects.alias(_vector_=entry_vector)
            .filter(_vector_=search_query)
            .values("pk")
        )
        queryset = self.queryset.filter(index_entries__in=matching)
        return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    def _entry_vector(self):
        """The index table's vector this compiler matches, as the GIN index spells it."""
        raise NotImplementedError


class FrenchSearchQueryCompiler(
    IndexedMatchMixin, DistinctResultsMixin, PostgresSearchQueryCompiler
):
    def _entry_vector(self):
        # The exact expression of the migration's GIN index (search_indexentry_title_body_gin).
        return F("title")._combine(F("body"), "||", False)


class FrenchAutocompleteQueryCompiler(
    IndexedMatchMixin, DistinctResultsMixin, PostgresAutocompleteQueryCompiler
):
    def _entry_vector(self):
        return F("autocomplete")  # modelsearch's own GIN index on the column


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


class FrenchPostgresSearchBackend(PostgresSearchBackend):
    """Search with ``french_unaccent``; autocomplete folds accents too ("ener" → "énergie").

    modelsearch hard-codes ``simple`` for autocomplete (no stemming: prefixes of words, not of
    stems), which keeps accents: "ener" would not complete "énergie". ``simple_unaccent`` is the
    same dictionary behind ``unaccent``.
    """

    query_compiler_class = FrenchSearchQueryCompiler
    autocomplete_query_compiler_class = FrenchAutocompleteQueryCompiler
    results_class = DistinctFacetResults

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": SEARCH_CONFIG, **params})
        self.autocomplete_config = params.get("AUTOCOMPLETE_CONFIG", AUTOCOMPLETE_CONFIG)


SearchBackend = FrenchPostgresSearchBackend
