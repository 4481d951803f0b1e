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
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)

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
