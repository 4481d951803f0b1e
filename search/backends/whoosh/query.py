"""modelsearch queries and queryset filters, translated into Whoosh query objects.

Nothing here parses a query string with Whoosh's ``QueryParser``: user text only ever goes
through the field's analyzer and becomes ``Term``/``Prefix``/``Phrase`` objects, so ``NOT marché``
searches the words "not" and "marché" and ``title:x`` the words "title" and "x".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, OrderBy, Subquery
from django.db.models.expressions import Col
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from modelsearch.backends.base import BaseSearchQueryCompiler, OrderByFieldError
from modelsearch.index import RelatedFields
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import fields as wf
from whoosh import query as wq

from search.analysis import folding_analyzer, french_analyzer

from .number_in import THRESHOLD, NumberIn
from .schema import CONTENT_TYPES, FILTER_PREFIX, NULLS, PK, clean_filter_value, path_name


@dataclass(frozen=True)
class Filter:
    """A compiled filter (always truthy: the base class drops falsy filters)."""

    query: wq.Query


def _and(parts: list[wq.Query]) -> wq.Query:
    """Whoosh's ``And.normalize()`` drops a NullQuery (it should match nothing) and an And of a
    term query with ``Every()`` matches nothing: settle both before building the And."""
    if any(p is wq.NullQuery for p in parts):
        return wq.NullQuery
    narrowing = [p for p in parts if not isinstance(p, wq.Every)]
    if not narrowing:
        return wq.Every()
    return narrowing[0] if len(narrowing) == 1 else wq.And(narrowing)


def _tokens(analyzer, text: str) -> list[str]:
    return [t.text for t in analyzer(text)]


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Full-text search: French-analyzed terms over the ``s__`` columns, with field boosts."""

    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True
    analyzer = staticmethod(french_analyzer)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.multi_valued_lookups = 0

    # Schema access (the backend sets it on the compiler when searching).

    @property
    def schema(self):
        from .backend import index_schema_for

        return index_schema_for(self.queryset.model)

    def field_names(self) -> list[str]:
        return self.schema.search_field_names(self.fields)

    # Text queries

    def get_query(self) -> wq.Query:
        return self._compile(self.query, 1.0)

    def _compile(self, query, boost: float) -> wq.Query:
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, PlainText):
            return self._plain_text(query.query_string, query.operator, boost * query.boost)
        if isinstance(query, Phrase):
            return self._phrase(query.query_string, boost)
        if isinstance(query, Fuzzy):
            return self._fuzzy(query, boost)
        if isinstance(query, Boost):
            return self._compile(query.subquery, boost * query.boost)
        if isinstance(query, And):
            # Whoosh's And of a term query and Every() matches nothing: drop the Every()s.
            parts = [self._compile(q, boost) for q in query.subqueries]
            return _and(parts)
        if isinstance(query, Or):
            return wq.Or([self._compile(q, boost) for q in query.subqueries]).normalize()
        if isinstance(query, Not):
            inner = self._compile(query.subquery, 1.0)
            if isinstance(inner, wq.Every):
                return wq.NullQuery
            if inner is wq.NullQuery:
                return wq.Every()
            return wq.AndNot(wq.Every(), inner)
        raise NotImplementedError(f"{type(query).__name__} is not supported by the Whoosh backend.")

    def _term(self, field_name: str, token: str, boost: float) -> wq.Query:
        return wq.Term(field_name, token, boost=boost * self.schema.boosts.get(field_name, 1.0))

    def _per_token(self, text: str, boost: float, make) -> list[wq.Query]:
        names = self.field_names()
        out = []
        for token in _tokens(self.analyzer(), text):
            alternatives = [make(name, token, boost) for name in names]
            if alternatives:
                out.append(wq.Or(alternatives))
        return out

    def _plain_text(self, text: str, operator: str, boost: float) -> wq.Query:
        parts = self._per_token(text, boost, self._term)
        if not parts:
            return wq.NullQuery
        return _and(parts) if operator == "and" else wq.Or(parts).normalize()

    def _phrase(self, text: str, boost: float) -> wq.Query:
        words = _tokens(french_analyzer(), text)
        if not words:
            return wq.NullQuery
        names = self.schema.search_field_names(self.fields)
        if len(words) == 1:
            return wq.Or([self._term(n, words[0], boost) for n in names]).normalize()
        return wq.Or(
            [wq.Phrase(n, words, boost=boost * self.schema.boosts.get(n, 1.0)) for n in names]
        ).normalize()

    def _fuzzy(self, query: Fuzzy, boost: float) -> wq.Query:
        def make(name, token, b):
            return wq.FuzzyTerm(name, token, boost=b * self.schema.boosts.get(name, 1.0), maxdist=1)

        parts = self._per_token(query.query_string, boost, make)
        if not parts:
            return wq.NullQuery
        return _and(parts) if query.operator == "and" else wq.Or(parts).normalize()

    # Filters (BaseSearchQueryCompiler walks the queryset's WHERE and calls these).

    def get_filter(self) -> wq.Query:
        """Content type of the searched model, and the queryset's filters."""
        parts = []
        if self.queryset.model is not self.schema.root:
            # Every document of an index has its root's content type: only a search on a child
            # model needs the term (and on the root it would cost a full posting list).
            parts.append(wq.Term(CONTENT_TYPES, self.queryset.model.indexed_get_content_type()))
        compiled = self._get_filters_from_queryset()
        if compiled is not None:
            parts.append(compiled.query)
        return _and(parts)

    def _column(self, field_path):
        name = path_name(FILTER_PREFIX, field_path)
        field_type = self.schema.fields.get(name)
        if any(isinstance(p, RelatedFields) for p in field_path) or (
            field_type is not None and getattr(field_type, "column_type", 1) is None
        ):
            self.multi_valued_lookups += 1
        return name, field_type

    def _evaluate(self, value, result_type):
        db_alias = self.queryset._db or DEFAULT_DB_ALIAS
        query = value.query if isinstance(value, Subquery) else value
        if result_type == SINGLE:
            row = query.get_compiler(db_alias).execute_sql(result_type=SINGLE)
            return row[0] if row else None
        return [
            row[0]
            for chunk in query.get_compiler(db_alias).execute_sql(result_type=MULTI)
            for row in chunk
        ]

    def _equals(self, name, field_type, value) -> wq.Query:
        if value is None:
            return wq.Term(NULLS, name)
        value = clean_filter_value(value)
        if isinstance(field_type, wf.DATETIME):
            return wq.DateRange(name, value, value)
        if isinstance(field_type, wf.NUMERIC):  # numbers, times
            return wq.NumericRange(name, value, value)
        if isinstance(field_type, wf.BOOLEAN):
            return wq.Term(name, bool(value))
        return wq.Term(name, str(value))

    def _process_lookup(self, field_path, lookup, value):
        name, field_type = self._column(field_path)
        if field_type is None:
            return Filter(wq.NullQuery)

        if lookup == "exact":
            if isinstance(value, (Query, Subquery)):
                value = self._evaluate(value, SINGLE)
            return Filter(self._equals(name, field_type, value))

        if lookup == "in":
            if isinstance(value, (Query, Subquery)):
                value = self._evaluate(value, MULTI)
            value = list(value)
            single_number = isinstance(field_type, wf.NUMERIC) and field_type.column_type
            if single_number and len(value) > THRESHOLD and None not in value:
                if not all(type(v) is int for v in value):  # ids are already what is stored
                    value = [clean_filter_value(v) for v in value]
                return Filter(NumberIn(name, value))
            terms = [self._equals(name, field_type, v) for v in value]
            return Filter(wq.Or(terms).normalize() if terms else wq.NullQuery)

        if lookup == "isnull":
            missing = wq.Term(NULLS, name)
            return Filter(missing if value else wq.AndNot(wq.Every(), missing))

        if lookup in ("startswith", "prefix"):
            return Filter(wq.Prefix(name, str(clean_filter_value(value))))

        if lookup in ("lt", "lte", "gt", "gte", "range"):
            if lookup == "range":
                start, end = (clean_filter_value(v) for v in value)
                bounds = {"start": start, "end": end}
            else:
                v = clean_filter_value(value)
                bounds = {
                    "lt": {"start": None, "end": v, "endexcl": True},
                    "lte": {"start": None, "end": v},
                    "gt": {"start": v, "end": None, "startexcl": True},
                    "gte": {"start": v, "end": None},
                }[lookup]
            if isinstance(field_type, wf.DATETIME):
                return Filter(wq.DateRange(name, **bounds))
            if isinstance(field_type, wf.NUMERIC):
                return Filter(wq.NumericRange(name, **bounds))
            bounds = {
                k: (str(v) if k in ("start", "end") and v is not None else v)
                for k, v in bounds.items()
            }
            return Filter(wq.TermRange(name, **bounds))

        return None

    def _process_match_none(self):
        return Filter(wq.NullQuery)

    def _connect_filters(self, filters, connector, negated):
        queries = [f.query for f in filters if f is not None]
        if not queries:
            return None
        combined = _and(queries) if connector == "AND" else wq.Or(queries).normalize()
        if negated:
            if combined is wq.NullQuery:
                return Filter(wq.Every())
            if isinstance(combined, wq.Every):
                return Filter(wq.NullQuery)
            combined = wq.AndNot(wq.Every(), combined)
        return Filter(combined)

    # Ordering

    def get_sort(self):
        """``[(column, reverse), ...]``, or None to order by relevance."""
        if self.order_by_relevance:
            return None
        sort = []
        for item in self.queryset.query.order_by:
            if isinstance(item, OrderBy):
                expression = item.expression
                if isinstance(expression, F):
                    name = expression.name
                elif isinstance(expression, Col):
                    name = expression.target.attname
                else:
                    raise OrderByFieldError(
                        f'Sorting search results with "{item}" is not supported by this backend.',
                        field_name=str(item),
                    )
                reverse = item.descending
            else:
                reverse = item.startswith("-")
                name = item.lstrip("-")
            field = self._get_filterable_field(name)
            if field is None:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{name}". Please add '
                    f'index.FilterField("{name}") to {self.queryset.model.__name__}.search_fields.',
                    field_name=name,
                )
            column = path_name(FILTER_PREFIX, [field])
            if name == "pk" or column not in self.schema.fields:
                column = PK
            sort.append((column, reverse))
        # No ordering asked: newest key first (as the database backends); else the key breaks ties.
        sort.append((PK, not sort))
        return sort


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Prefixes over the ``a__`` columns (folded, never stemmed: "Learni" finds "Learning")."""

    analyzer = staticmethod(folding_analyzer)

    def field_names(self) -> list[str]:
        return self.schema.autocomplete_field_names(self.fields)

    def _term(self, field_name: str, token: str, boost: float) -> wq.Query:
        return wq.Prefix(field_name, token, boost=boost)

    def _phrase(self, text: str, boost: float) -> wq.Query:
        return self._plain_text(text, "and", boost)
