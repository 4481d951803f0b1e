"""One Whoosh searcher per index per process, kept open while the index is unchanged.

Opening a searcher reads every segment's metadata (~50 ms on a large index), so a request never
opens one: each search starts with ``up_to_date()``, a generation check, and reuses the kept
searcher. After a write the searcher is reopened, once, by the next search, keeping the readers
of the segments the write did not change (:func:`reopen`). It is not ``refresh()``-ed:
Whoosh-Reloaded 2.7.5's ``Searcher.refresh()`` reuses the unchanged segments' readers with their
deletions as they were, so a document updated since the searcher opened came back once per
update (tests/search/test_whoosh_french.py shows it), and it cannot refresh a searcher opened on
an empty index at all. A generation switch (atomic rebuild) is noticed through
the ``CURRENT`` pointer and opens the new generation. Closing a searcher closes its files, so
reopening and searching share one lock per index: searches in one process are serialized per
index (a search takes milliseconds; the lock is the price of never opening one per request).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field

from .storage import IndexStorage, open_index
from .vectorized import VectorSearcher

# A searcher is opened again when the index's files vanished under it (a writer in another
# process cleaning up after its commit); a few tries always see a consistent commit.
OPEN_ATTEMPTS = 5


@dataclass
class _Entry:
    lock: threading.RLock = field(default_factory=threading.RLock)
    generation: str | None = None
    searcher: object = None
    vectors: VectorSearcher | None = None  # numpy scoring over ``searcher``, with its caches


class SearcherCache:
    """Searchers by index directory; the least recently used beyond ``size`` are closed (a
    process serves a handful of indexes; tests make one directory each)."""

    def __init__(self, size: int = 32):
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def _entry(self, key: str) -> _Entry:
        with self._lock:
            entry = self._entries.setdefault(key, _Entry())
            self._entries.move_to_end(key)
            evicted = []
            while len(self._entries) > self.size:
                evicted.append(self._entries.popitem(last=False)[1])
        for old in evicted:
            with old.lock:
                if old.searcher is not None:
                    old.searcher.close()
                    old.searcher = None
                    old.vectors = None
        return entry

    @contextmanager
    def searcher(self, storage: IndexStorage, schema):
        """The index's searcher, up to date, held exclusively for the ``with`` block."""
        with self._current(storage, schema) as entry:
            yield entry.searcher

    @contextmanager
    def vectors(self, storage: IndexStorage, schema):
        """The index's :class:`VectorSearcher` (numpy scoring), up to date, held likewise."""
        with self._current(storage, schema) as entry:
            if entry.vectors is None:
                entry.vectors = VectorSearcher(entry.searcher)
            yield entry.vectors

    @contextmanager
    def _current(self, storage: IndexStorage, schema):
        entry = self._entry(str(storage.root))
        with entry.lock:
            for attempt in range(OPEN_ATTEMPTS):
                try:
                    self._refresh(entry, storage, schema)
                    break
                except FileNotFoundError:
                    # Another process committed between our listing of the index's files and
                    # our reading them, and deleted what it superseded (the previous TOC,
                    # merged segments): list them again (bench/soak found it, issue 14).
                    if attempt == OPEN_ATTEMPTS - 1:
                        raise
            yield entry

    @staticmethod
    def _refresh(entry: _Entry, storage: IndexStorage, schema) -> None:
        if (
            entry.searcher is not None
            and entry.generation == storage.current_name()
            and entry.searcher.up_to_date()
        ):
            # The common case, answered without ``ensure``: it opens the index to check that it
            # exists (its table of contents read again on every search).
            return
        live = storage.ensure(schema)
        stale = (
            entry.searcher is None
            or entry.generation != live.name
            or not entry.searcher.up_to_date()
        )
        if not stale:
            return
        ix = open_index(live, schema)
        if entry.searcher is not None and entry.generation == live.name:
            # ``reopen`` closes the old readers it does not keep only once it has succeeded.
            entry.searcher = reopen(ix, entry.searcher)
        else:
            if entry.searcher is not None:
                entry.searcher.close()
                entry.searcher = None
            entry.searcher = ix.searcher()
        entry.generation = live.name
        entry.vectors = None

    def peek(self, storage: IndexStorage):
        """The cached searcher object as it stands (tests check it is reused)."""
        entry = self._entries.get(str(storage.root))
        return entry.searcher if entry else None

    def forget(self, storage: IndexStorage) -> None:
        with self._lock:
            entry = self._entries.pop(str(storage.root), None)
        if entry is not None and entry.searcher is not None:
            with entry.lock:
                entry.searcher.close()
                entry.vectors = None


def reopen(ix, old):
    """A searcher on the index's latest commit that keeps ``old``'s unchanged segment readers.

    Opening a segment reader reads its files' headers and term tables (about 100 ms for a
    100 000-document segment here, bench/search); after a write only the new segments and those
    whose deletions changed need opening. A reader is reused only when its segment is still in
    the index with the same number of deleted documents (deletions only grow, so the same count
    is the same set). Whoosh's own ``reader(reuse=)`` gets both wrong in 2.7.5: it adds back
    segments a merge removed and reuses readers with outdated deletions (see the module
    docstring). The readers not reused are closed; ``old`` must not be used afterwards.
    """
    from whoosh.reading import EmptyReader, MultiReader, SegmentReader
    from whoosh.searching import Searcher

    toc = ix._read_toc()
    reusable = {}
    for reader, _offset in old.reader().leaf_readers():
        segment = reader.segment()
        if segment is not None:
            reusable[segment.segment_id()] = reader
    readers = []
    for segment in toc.segments:
        reader = reusable.get(segment.segment_id())
        if reader is not None and reader.segment().deleted_count() == segment.deleted_count():
            del reusable[segment.segment_id()]
        else:
            reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        readers.append(reader)
    for reader in reusable.values():
        reader.close()
    if not readers:
        reader = EmptyReader(toc.schema)
    elif len(readers) == 1:
        reader = readers[0]
    else:
        reader = MultiReader(readers, generation=toc.generation)
    return Searcher(reader, fromindex=ix)


searchers = SearcherCache()
