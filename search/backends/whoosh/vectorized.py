"""Relevance search and counts over a Whoosh index, scored with numpy instead of Whoosh's matchers.

Why: Whoosh scores in pure Python, one matching document at a time (``matcher.next()``,
``score()``, the filter's ``in`` test). A search box's words are common ("marché public" matches
14 000 of 100 000 notices), so one search cost 100–200 ms and its count as much again
(bench/search, docs/decisions/0027). Here each term's postings are read a block at a time from
Whoosh's own files into arrays, scored with the same BM25F formula and statistics Whoosh uses
(the searcher's weighting model, idf and average field length, each document's stored field
length), summed as Whoosh sums an ``Or`` or an ``And``, and the page is taken with a partial sort.
The answer is the one Whoosh would give, scores included (tests/search/test_whoosh_vectorized.py
runs both on random indexes and compares).

Only what can be answered exactly goes this way: text queries built of ``Term``, ``Or`` and
``And`` (what the query compiler makes of plain text), ordered by relevance or by single-valued
numeric columns (``order_by_relevance=False``: the key, newest first, or the queryset's
ordering; :meth:`VectorSearcher.ordered`). Phrases, prefixes, fuzzy terms, ``Not`` and sorts on
other columns return ``None`` and the caller asks Whoosh.

Filters (permissions, content types) become boolean masks over the index's documents.

What is read from disk is cached per segment, not per searcher: a segment's postings, field
lengths and the masks of filter leaves (``public=True``, ``collectivite=12``) never change
(Whoosh segments are written once; a deletion only adds to the segment's deleted set, applied
separately), so after a write, which adds a small segment and reopens the searcher, the next
search reads only what the new segments hold. Scores depend on the whole index's statistics
(idf, average length) and are computed per searcher. Reads use Whoosh-Reloaded 2.7.5's block
reader and length column internals (``_read_ids``, ``_read_weights``, ``_next_block``,
``_basepos``); the version is pinned, and the comparison tests fail if a release changes them.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import fields as wf
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, _lenfield
from whoosh.columns import NumericColumn
from whoosh.scoring import BM25FScorer
from whoosh.util.numeric import byte_to_length

from .number_in import NumberIn, column_values

# Decoded field length of each stored length byte (Whoosh stores lengths in one lossy byte).
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

# Arrays read from segments, kept across searchers (bytes).
SEGMENT_CACHE_BYTES = 128 * 1024 * 1024
# Per searcher: scored terms (entries, 16 bytes each) and combined leaf masks.
POSTINGS_BUDGET = 4_000_000
MASKS_BUDGET = 256


class NotVectorizable(Exception):
    """The query holds something only Whoosh's own matchers answer exactly."""


@dataclass(frozen=True)
class Scored:
    """Documents (global numbers, ascending) and their scores."""

    docs: np.ndarray
    scores: np.ndarray


_EMPTY = Scored(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


class SegmentCache:
    """Arrays read from immutable segments, least recently used dropped past a byte budget.

    Keys start with the segment's identity (:func:`_segment_key`), so a merged or rebuilt
    segment is a new key and the old one ages out.
    """

    def __init__(self, budget: int = SEGMENT_CACHE_BYTES):
        self.budget = budget
        self._items: OrderedDict[tuple, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple | None, load):
        if key is None:
            return load()
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
                return value
        value = load()
        size = sum(getattr(part, "nbytes", 0) for part in value)
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._bytes += size
                while self._bytes > self.budget and len(self._items) > 1:
                    _, dropped = self._items.popitem(last=False)
                    self._bytes -= sum(getattr(part, "nbytes", 0) for part in dropped)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


segments = SegmentCache()


def _segment_key(folder: str | None, reader) -> tuple | None:
    """Who a segment is: its directory, Whoosh's segment id and its main file's inode, time and
    size. The id alone is not enough: it is random, from Python's global ``random``, which a
    seeded caller (Hypothesis does) can make repeat. None: not cached."""
    segment = reader.segment()
    if folder is None or segment is None:
        return None
    main = segment.COMPOUND_EXT if segment.is_compound() else W3Codec.POSTS_EXT
    try:
        stat = os.stat(os.path.join(folder, segment.make_filename(main)))
    except OSError:
        return None
    return (folder, segment.segment_id(), stat.st_ino, stat.st_mtime_ns, stat.st_size)


class VectorSearcher:
    """Scores and filters over one open Whoosh searcher; lives and dies with it."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.leaves = searcher.leaf_searchers()
        ix = getattr(searcher, "_ix", None)
        folder = getattr(getattr(ix, "storage", None), "folder", None)
        self._keys = {id(leaf): _segment_key(folder, leaf.reader()) for leaf, _ in self.leaves}
        self._postings: OrderedDict[tuple, Scored] = OrderedDict()
        self._postings_size = 0
        self._masks: OrderedDict[wq.Query, np.ndarray] = OrderedDict()
        self._live = self._live_mask()

    # Public API

    def top(self, query: wq.Query, filter_query: wq.Query | None, limit: int | None):
        """``[(docnum, score)]`` best first (ties: lower document number first), or None."""
        scored = self._scored_or_none(query)
        if scored is None:
            return None
        docs, scores = self._allowed(scored, filter_query)
        if limit is not None and limit < len(docs):
            # The ``limit`` best, then ordered: score descending, document number ascending.
            cut = np.argpartition(-scores, limit - 1)[:limit]
            threshold = scores[cut].min()
            keep = scores >= threshold  # ties with the last one, then settled by docnum
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))
        if limit is not None:
            order = order[:limit]
        return list(zip(docs[order].tolist(), scores[order].tolist(), strict=True))

    def ordered(
        self,
        query: wq.Query,
        filter_query: wq.Query | None,
        sort: list[tuple[str, bool]],
        limit: int | None,
    ) -> list[int] | None:
        """Matching document numbers ordered by numeric columns (``[(column, reverse)]``), or
        None when a part of the query or of the sort is not answered here.

        What Whoosh's sorted search returns: its collector sorts ``(key, docnum)`` pairs, the
        key being each column's stored value (negated when reversed), ties going to the lower
        document number. Whoosh walks every match in Python to get there (a list filtered by
        ``q`` and ordered by date asks for this); here the columns are arrays and one
        ``lexsort`` orders them.
        """
        scored = self._scored_or_none(query)
        if scored is None:
            return None
        columns = []
        for name, reverse in sort:
            values = self._column(name)
            if values is None:
                return None
            columns.append((values, reverse))
        docs, _ = self._allowed(scored, filter_query)
        # np.lexsort sorts by its last key first: the columns in reverse, the docnum last.
        keys = [docs]
        for values, reverse in reversed(columns):
            keys.append(~values[docs] if reverse else values[docs])  # ~ on uint64: reversed
        order = np.lexsort(keys)
        if limit is not None:
            order = order[:limit]
        return docs[order].tolist()

    def count(self, query: wq.Query, filter_query: wq.Query | None) -> int | None:
        scored = self._scored_or_none(query)
        if scored is None:
            return None
        docs, _ = self._allowed(scored, filter_query)
        return len(docs)

    # Filters

    def _allowed(self, scored: Scored, filter_query):
        keep = self._live[scored.docs]
        if filter_query is not None:
            keep &= self.mask(filter_query)[scored.docs]
        return scored.docs[keep], scored.scores[keep]

    def mask(self, q: wq.Query) -> np.ndarray:
        """Which documents ``q`` (a filter: no scores needed) matches, as a boolean array."""
        if q is wq.NullQuery:
            return np.zeros(self.size, dtype=bool)
        if isinstance(q, wq.Every):
            return self._live.copy()
        if isinstance(q, wq.And):
            out = np.ones(self.size, dtype=bool)
            for sub in q.subqueries:
                out &= self.mask(sub)
            return out
        if isinstance(q, wq.Or) and not q.minmatch:
            out = np.zeros(self.size, dtype=bool)
            for sub in q.subqueries:
                out |= self.mask(sub)
            return out
        if isinstance(q, wq.AndNot):
            return self.mask(q.a) & ~self.mask(q.b)
        if isinstance(q, wq.Not):
            return self._live & ~self.mask(q.query)
        return self._leaf_mask(q)

    def _leaf_mask(self, q: wq.Query) -> np.ndarray:
        cached = self._masks.get(q)
        if cached is not None:
            self._masks.move_to_end(q)
            return cached
        parts = []
        for leaf, _offset in self.leaves:
            reader = leaf.reader()

            def load(leaf=leaf, reader=reader):
                if isinstance(q, NumberIn):
                    return (q.segment_mask(leaf),)
                local = np.zeros(reader.doc_count_all(), dtype=bool)
                local[np.fromiter(q.docs(leaf), dtype=np.int64)] = True
                return (local,)

            key = self._keys[id(leaf)]
            parts.append(segments.get(key and (*key, "mask", q), load)[0])
        mask = np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
        self._masks[q] = mask
        while len(self._masks) > MASKS_BUDGET:
            self._masks.popitem(last=False)
        return mask

    def _live_mask(self) -> np.ndarray:
        live = np.ones(self.size, dtype=bool)
        for leaf, offset in self.leaves:
            reader = leaf.reader()
            if reader.has_deletions():
                deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)  # a cached property
                live[deleted + offset] = False
        return live

    def numbers(self, name: str, docnums: list[int]) -> list | None:
        """The values of a single-valued numeric column for these documents (None if ``name``
        is not one): an integer key read from its column, not from each stored document."""
        values = self._column(name)
        if values is None:
            return None
        field = self.searcher.schema[name]
        return [field.from_column_value(value) for value in values[docnums].tolist()]

    # Sort columns

    def _column(self, name: str) -> np.ndarray | None:
        """A single-valued numeric column's sortable values (unsigned, order-preserving, as
        Whoosh compares them) for every document, or None if ``name`` is not one."""
        if name not in self.searcher.schema:
            return None
        field = self.searcher.schema[name]
        if not isinstance(field, wf.NUMERIC) or not field.column_type:
            return None
        parts = []
        for leaf, _offset in self.leaves:
            reader = leaf.reader()
            if not reader.doc_count_all():  # an empty index's reader has no columns at all
                continue
            if not reader.has_column(name):
                return None

            def load(reader=reader):
                column = reader.column_reader(name, translate=False)
                return (column_values(column, reader.doc_count_all()),)

            key = self._keys[id(leaf)]
            parts.append(segments.get(key and (*key, "column", name), load)[0])
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)

    # Scores

    def _scored_or_none(self, query) -> Scored | None:
        try:
            return self._scored(query)
        except NotVectorizable:
            return None

    def _scored(self, q: wq.Query) -> Scored:
        if q is wq.NullQuery:
            return _EMPTY
        if type(q) is wq.Term:
            return self._term(q.fieldname, q.text, q.boost)
        if type(q) is wq.Or and not q.minmatch and q.scale is None and q.boost == 1.0:
            return _union([self._scored(sub) for sub in q.subqueries])
        if type(q) is wq.And and q.boost == 1.0:
            return _intersection([self._scored(sub) for sub in q.subqueries])
        raise NotVectorizable(type(q).__name__)

    def _term(self, field: str, text, boost: float) -> Scored:
        key = (field, text)
        cached = self._postings.get(key)
        if cached is None:
            cached = self._read_term(field, text)
            self._postings[key] = cached
            self._postings_size += len(cached.docs)
            while self._postings_size > POSTINGS_BUDGET and len(self._postings) > 1:
                _, dropped = self._postings.popitem(last=False)
                self._postings_size -= len(dropped.docs)
        else:
            self._postings.move_to_end(key)
        if boost == 1.0:
            return cached
        return Scored(cached.docs, cached.scores * boost)

    def _read_term(self, field: str, text) -> Scored:
        searcher = self.searcher
        if field not in searcher.schema or (field, text) not in searcher.reader():
            return _EMPTY
        scorer = searcher.weighting.scorer(searcher, field, text)
        if type(scorer) is not BM25FScorer:
            raise NotVectorizable(f"{type(scorer).__name__} on {field}")
        all_docs, all_scores = [], []
        for leaf, offset in self.leaves:
            reader = leaf.reader()
            if (field, text) not in reader:
                continue
            key = self._keys[id(leaf)]
            docs, weights = segments.get(
                key and (*key, "postings", field, text),
                lambda reader=reader: _read_postings(reader, field, text),
            )
            lengths = _field_lengths(reader, field, key)[docs]
            k1, b = scorer.K1, scorer.B
            scores = scorer.idf * (
                (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / scorer.avgfl))
            )
            all_docs.append(docs + offset)
            all_scores.append(scores)
        if not all_docs:
            return _EMPTY
        return Scored(np.concatenate(all_docs), np.concatenate(all_scores))


def _field_lengths(reader, field: str, key: tuple | None) -> np.ndarray:
    """Each document's length in ``field`` in one segment, as BM25F reads it."""

    def load():
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if column is None:
            raise NotVectorizable(f"no lengths for {field}")
        count = reader.doc_count_all()
        codes = np.zeros(count, dtype=np.uint8)
        if isinstance(column, NumericColumn.Reader) and column._fixedlen == 1:
            # One byte per document from the column's start; documents past its end are 0.
            stored = min(column._count, count)
            raw = column._dbfile.get(column._basepos, stored)
            codes[:stored] = np.frombuffer(raw, dtype=np.uint8)
        else:
            codes[:] = [column[i] or 0 for i in range(count)]
        return (_LENGTHS[codes],)

    return segments.get(key and (*key, "lengths", field), load)[0]


def _read_postings(reader, field: str, text) -> tuple[np.ndarray, np.ndarray]:
    """One segment's postings of a term, block by block: document numbers and weights."""
    format_ = reader.schema[field].format
    matcher = reader._terms.matcher(field, reader._text_to_bytes(field, text), format_)
    if not hasattr(matcher, "_read_ids"):
        raise NotVectorizable(type(matcher).__name__)
    ids: list = []
    weights: list = []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.extend(matcher._ids)
        if matcher._weights is None:  # a block whose weights are all 1.0 stores none
            weights.extend([1.0] * len(matcher._ids))
        else:
            weights.extend(matcher._weights)
        matcher._next_block()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _union(parts: list[Scored]) -> Scored:
    """Every document of any part; scores summed as Whoosh's union matcher sums them."""
    parts = [p for p in parts if len(p.docs)]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0]
    docs = np.concatenate([p.docs for p in parts])
    scores = np.concatenate([p.scores for p in parts])
    unique, inverse = np.unique(docs, return_inverse=True)
    return Scored(unique, np.bincount(inverse, weights=scores, minlength=len(unique)))


def _intersection(parts: list[Scored]) -> Scored:
    """Documents of every part; scores summed."""
    if not parts or any(len(p.docs) == 0 for p in parts):
        return _EMPTY
    docs = parts[0].docs
    for part in parts[1:]:
        docs = np.intersect1d(docs, part.docs, assume_unique=True)
    total = np.zeros(len(docs), dtype=np.float64)
    for part in parts:
        total += part.scores[np.searchsorted(part.docs, docs)]
    return Scored(docs, total)
