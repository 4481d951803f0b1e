"""Search results: keys from Whoosh, objects from the database through the caller's queryset.

Text searches ordered by relevance or by numeric columns, and counts, are answered with numpy
over Whoosh's postings and columns (vectorized.py); other queries and sorts go through Whoosh's
own searcher.

The index only proposes keys in order; ``queryset.filter(pk__in=keys)`` decides what is returned,
so a permission filter, a deleted row or a stale document is settled by the database. When the
queryset filters on two or more multi-valued related columns (``books__date=…`` and
``books__pages__gt=…``), Whoosh's flat columns cannot require one related row to satisfy both,
so the database refines the whole candidate list before slicing and counting.
"""

from __future__ import annotations

from collections import OrderedDict

from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import fields as wf
from whoosh import query as wq
from whoosh import sorting

from .schema import FILTER_PREFIX, ID, NULLS, PK, path_name
from .searchers import searchers


def _facet_key(field_type, term: bytes):
    if isinstance(field_type, wf.BOOLEAN):
        return term in (b"t", "t")
    return field_type.from_bytes(term)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    @property
    def index(self):
        return self.backend.get_index_for_model(self.query_compiler.queryset.model)

    def _plan(self):
        """The Whoosh query, filter and sort, made once per search: ``count()`` and each slice
        of the same results share the compiler, and a permission filter's id subqueries (the
        topics one may read: 10 000 ids at 0.05 national scale) are run and converted once."""
        compiler = self.query_compiler
        plan = getattr(compiler, "_whoosh_plan", None)
        if plan is None:
            compiler.multi_valued_lookups = 0
            query = compiler.get_query()
            filter_query = compiler.get_filter()
            sort = compiler.get_sort()
            refine = compiler.multi_valued_lookups >= 2
            plan = compiler._whoosh_plan = (query, filter_query, sort, refine)
        return plan

    @staticmethod
    def _matches_nothing(query, filter_query) -> bool:
        return query is wq.NullQuery or filter_query is wq.NullQuery

    def _run(self, searcher, query, filter_query, sort, limit):
        kwargs = {"filter": filter_query, "limit": limit}
        if sort:
            kwargs["sortedby"] = [sorting.FieldFacet(col, reverse=rev) for col, rev in sort]
            kwargs["scored"] = self._score_field is not None
        return searcher.search(query, **kwargs)

    def _keys(self, vectors, docnums: list[int]) -> list[str]:
        """The documents' keys (``ID``): an integer key from the ``PK`` column (a thousand hits
        of a filtered list cost 10 ms read one stored document at a time), others stored."""
        if self.index.schema.integer_pk:
            numbers = vectors.numbers(PK, docnums)
            if numbers is not None:
                return [str(number) for number in numbers]
        stored = vectors.searcher.reader().stored_fields
        return [stored(docnum)[ID] for docnum in docnums]

    def _hits(self, limit):
        """``[(key, score)]`` in index order, the first ``limit`` (None: all)."""
        query, filter_query, sort, refine = self._plan()
        if self._matches_nothing(query, filter_query):
            return [], refine
        index = self.index
        hits = None
        with searchers.vectors(index.storage, index.schema.whoosh_schema) as vectors:
            if not sort:
                found = vectors.top(query, filter_query, None if refine else limit)
                if found is not None:
                    keys = self._keys(vectors, [docnum for docnum, _ in found])
                    hits = list(zip(keys, [score for _, score in found], strict=True))
            else:
                # A sorted search's "score" is its sort key, never a float: 0.0, as below.
                ordered = vectors.ordered(query, filter_query, sort, None if refine else limit)
                if ordered is not None:
                    hits = [(key, 0.0) for key in self._keys(vectors, ordered)]
        if hits is None:
            with searchers.searcher(index.storage, index.schema.whoosh_schema) as searcher:
                results = self._run(searcher, query, filter_query, sort, None if refine else limit)
                # Sorted results carry the sort key as ``score``: a relevance score only when
                # scored.
                hits = [
                    (hit[ID], hit.score if isinstance(hit.score, float) else 0.0) for hit in results
                ]
        if refine:
            keys = [key for key, _ in hits]
            pk_field = self.query_compiler.queryset.model._meta.pk
            allowed = {
                str(pk)
                for pk in self.query_compiler.queryset.filter(
                    pk__in=[pk_field.to_python(k) for k in keys]
                ).values_list("pk", flat=True)
            }
            hits = [h for h in hits if h[0] in allowed]
        return hits, refine

    def keys(self) -> list:
        """The hits' primary keys (``[start:stop]``), from the index alone: no row is read back.
        For a caller that filters its own queryset, restricted by the permission layer, with
        them (collectivites/search_ids.py); others iterate the results as usual."""
        if self.stop is not None and self.stop <= self.start:
            return []
        hits, _ = self._hits(self.stop)
        pk_field = self.query_compiler.queryset.model._meta.pk
        return [pk_field.to_python(key) for key, _ in hits[self.start : self.stop]]

    def _do_search(self):
        if self.stop is not None and self.stop <= self.start:
            return []
        hits, _ = self._hits(self.stop)
        hits = hits[self.start : self.stop]
        if not hits:
            return []
        queryset = self.query_compiler.queryset
        pk_field = queryset.model._meta.pk
        by_key = {}
        qs = queryset.filter(pk__in=[pk_field.to_python(k) for k, _ in hits])
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        for obj in qs:
            by_key[str(obj.pk)] = obj
        out = []
        for key, score in hits:
            obj = by_key.get(key)
            if obj is None:
                continue
            if self._score_field:
                setattr(obj, self._score_field, score)
            out.append(obj)
        return out

    def _do_count(self):
        query, filter_query, _sort, refine = self._plan()
        if self._matches_nothing(query, filter_query):
            return 0
        if refine:
            total = len(self._hits(None)[0])
        else:
            index = self.index
            with searchers.vectors(index.storage, index.schema.whoosh_schema) as vectors:
                total = vectors.count(query, filter_query)
                if total is None:
                    found = vectors.searcher.search(
                        query, filter=filter_query, limit=1, scored=False
                    )
                    total = len(found)
        total = max(total - self.start, 0)
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return total

    def facet(self, field_name):
        """``OrderedDict(value → count)`` over the matching documents, most frequent first."""
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{self.query_compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        column = path_name(FILTER_PREFIX, [field])
        query, filter_query, _, _ = self._plan()
        if self._matches_nothing(query, filter_query):
            return OrderedDict()
        index = self.index
        counts: dict = {}
        with searchers.searcher(index.storage, index.schema.whoosh_schema) as searcher:
            matched = set(
                searcher.search(query, filter=filter_query, limit=None, scored=False).docs()
            )
            reader = searcher.reader()
            if column in searcher.schema and matched:
                field_type = searcher.schema[column]
                for term in field_type.sortable_terms(reader, column):
                    docs = matched.intersection(reader.postings(column, term).all_ids())
                    if docs:
                        counts[_facet_key(field_type, term)] = len(docs)
                if (NULLS, column.encode()) in reader:
                    none = matched.intersection(reader.postings(NULLS, column.encode()).all_ids())
                    if none:
                        counts[None] = len(none)
        return OrderedDict(sorted(counts.items(), key=lambda kv: -kv[1]))
