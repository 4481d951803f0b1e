"""``field IN (many numbers)`` answered from the field's column, one pass per segment.

Permission filters are written with id subqueries (``topic__in=`` the topics one may read):
10 000 topic ids on the 0.05-scale national data, 200 000 at scale 1. Spelled as Whoosh's ``Or``
of one ``NumericRange`` per id (each one several terms), a global search for an ordinary member
took 51 s on the 0.05-scale data (bench/load, 2026-12-03). A single-valued number filter field
has a column (one fixed-width value per document, written for sorting); comparing that column
with the sorted ids in numpy answers the same question in milliseconds. Multi-valued fields have
no column and keep the ``Or``.
"""

from __future__ import annotations

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.columns import NumericColumn

# Below this many values an ``Or`` of ranges is as fast and simpler.
THRESHOLD = 32


class NumberIn(wq.Query):
    """Documents whose single number in ``fieldname`` is one of ``values``."""

    def __init__(self, fieldname: str, values):
        self.fieldname = fieldname
        self.values = tuple(sorted(set(values)))
        self.boost = 1.0
        self._hash = hash((type(self), fieldname, self.values))

    def __eq__(self, other):
        return (
            type(other) is type(self)
            and self.fieldname == other.fieldname
            and self.values == other.values
        )

    def __hash__(self):
        return self._hash

    def __repr__(self):
        return f"NumberIn({self.fieldname!r}, {len(self.values)} values)"

    def field(self):
        return self.fieldname

    def is_leaf(self):
        return True

    def estimate_size(self, ixreader):
        return ixreader.doc_count_all()

    def segment_mask(self, leaf) -> np.ndarray:
        """Which documents of one segment (an atomic searcher) hold one of the values."""
        reader = leaf.reader()
        count = reader.doc_count_all()
        mask = np.zeros(count, dtype=bool)
        if self.fieldname not in reader.schema:
            return mask
        if not reader.has_column(self.fieldname):  # not written sortable: Whoosh's own way
            ranges = wq.Or([wq.NumericRange(self.fieldname, v, v) for v in self.values])
            mask[np.fromiter(ranges.docs(leaf), dtype=np.int64)] = True
            return mask
        field = reader.schema[self.fieldname]
        wanted = []
        for value in self.values:
            try:
                wanted.append(field.to_column_value(value))
            except (ValueError, TypeError, OverflowError):
                continue  # out of the field's range: matches nothing
        column = reader.column_reader(self.fieldname, translate=False)
        return np.isin(column_values(column, count), np.array(wanted, dtype=np.uint64))

    def _docs(self, searcher) -> np.ndarray:
        parts = []
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            mask = self.segment_mask(leaf)
            if reader.has_deletions():
                deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
                mask[deleted] = False
            parts.append(np.flatnonzero(mask) + offset)
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def docs(self, searcher, deleting=False):
        return iter(self._docs(searcher).tolist())

    def matcher(self, searcher, context=None):
        ids = self._docs(searcher).tolist()
        if not ids:
            return matching.NullMatcher()
        return matching.ListMatcher(ids, all_weights=1.0)


def column_values(column, count: int) -> np.ndarray:
    """A numeric column's stored values for ``count`` documents, as unsigned 64-bit ints."""
    if isinstance(column, NumericColumn.Reader):
        stored = min(column._count, count)
        raw = column._dbfile.get(column._basepos, stored * column._fixedlen)
        values = np.full(count, column._default, dtype=np.uint64)
        values[:stored] = np.frombuffer(raw, dtype=">" + column._typecode)
        return values
    return np.array([column[i] for i in range(count)], dtype=np.uint64)
