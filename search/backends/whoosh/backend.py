"""The Whoosh search backend: one index per model root, in ``<DATA_DIR>/search-index``.

``MODELSEARCH_BACKENDS``/``WAGTAILSEARCH_BACKENDS`` options: ``PATH`` (the index directory),
``WRITE_TIMEOUT`` (seconds a write waits for the index lock, default 10).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings
from modelsearch.backends.base import BaseIndex, BaseSearchBackend, get_model_root

from search.pending import QueuedWritesMixin

from . import writes
from .query import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from .results import WhooshSearchResults
from .schema import DocumentBuilder, IndexSchema
from .searchers import searchers
from .storage import IndexStorage, open_index


@cache
def _schema_for_root(root) -> IndexSchema:
    return IndexSchema.for_root(root)


def index_schema_for(model) -> IndexSchema:
    """The schema of the index holding ``model`` (computed once per root per process)."""
    return _schema_for_root(get_model_root(model))


def index_name(root) -> str:
    return f"{root._meta.app_label}_{root._meta.model_name}"


class WhooshIndex(BaseIndex):
    """The index of one model root. Writes go through :func:`writes.apply`."""

    def __init__(self, backend, root):
        super().__init__(backend)
        self.root = root
        self.name = index_name(root)
        self.storage = IndexStorage(Path(backend.path) / self.name)

    def __repr__(self):
        return f"<WhooshIndex {self.name}>"

    @property
    def schema(self) -> IndexSchema:
        return _schema_for_root(self.root)

    def get_key(self):
        return self.name

    def add_model(self, model):
        self.storage.ensure(self.schema.whoosh_schema)

    def refresh(self):
        """Nothing to do: each search checks the process's searcher is current (a cheap check)."""

    def reset(self):
        path = self.storage.new_generation(self.schema.whoosh_schema)
        self.storage.switch_to(path)

    def add_items(self, model, items):
        writes.apply(self, add=items)

    def add_item(self, obj):
        writes.apply(self, add=[obj])

    def delete_item(self, item):
        writes.apply(self, delete=[item])

    def apply(self, add=(), delete=()):
        """Add (or replace) and delete in one commit: the pending-writes drain's batch."""
        return writes.apply(self, add=add, delete=delete)

    def searcher(self):
        """The process's searcher for this index (a context manager holding it)."""
        return searchers.searcher(self.storage, self.schema.whoosh_schema)


class _BuildingIndex:
    """What the rebuild command writes to: one writer on the new generation, committed at end."""

    def __init__(self, live: WhooshIndex, path: Path):
        self.live = live
        self.path = path
        self.ix = open_index(path, live.schema.whoosh_schema)
        self.writer = writes.open_writer(self.ix, live.backend.write_timeout)

    def __repr__(self):
        return f"<WhooshIndex {self.live.name} (rebuilding)>"

    def get_key(self):
        return self.live.get_key()

    def add_model(self, model):
        pass

    def add_items(self, model, items):
        writes.write_documents(self.writer, self.live.schema, add=items)

    def add_item(self, obj):
        self.add_items(type(obj), [obj])

    def delete_item(self, item):
        writes.write_documents(self.writer, self.live.schema, delete=[item])

    def refresh(self):
        pass


class WhooshIndexRebuilder:
    """Builds a fresh generation beside the live one, then switches to it atomically.

    Searches keep answering from the old generation for the whole rebuild. Writes that reach the
    live generation during a rebuild are not copied into the new one: the durable update queue
    re-applies them (or run the rebuild when writes are quiet).
    """

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.building = None

    def start(self):
        path = self.index.storage.new_generation(self.index.schema.whoosh_schema)
        try:
            self.building = _BuildingIndex(self.index, path)
        except BaseException:
            self.index.storage.abandon(path)
            raise
        return self.building

    def finish(self):
        building = self.building
        try:
            building.writer.commit(
                optimize=True
            )  # the new generation is not live yet: merge it all
        except BaseException:
            self.index.storage.abandon(building.path)
            raise
        self.index.storage.switch_to(building.path)

    def abort(self):
        if self.building is not None:
            self.building.writer.cancel()
            self.index.storage.abandon(self.building.path)


class WhooshSearchBackend(QueuedWritesMixin, BaseSearchBackend):
    """``QUEUE_WRITES: True`` (settings): writes recorded as pending rows (search.pending)."""

    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    rebuilder_class = WhooshIndexRebuilder
    index_class = WhooshIndex

    def __init__(self, params):
        super().__init__(params)
        self.path = str(params.get("PATH") or Path(settings.DATA_DIR) / "search-index")
        self.write_timeout = float(params.get("WRITE_TIMEOUT", writes.DEFAULT_WRITE_TIMEOUT))
        self._indexes: dict = {}

    def get_index_for_model(self, model):
        root = get_model_root(model)
        index = self._indexes.get(root)
        if index is None:
            index = self._indexes[root] = WhooshIndex(self, root)
        return index

    def document_for(self, obj) -> dict:
        """The Whoosh document ``obj`` is indexed as (for diagnostics and tests)."""
        return DocumentBuilder(index_schema_for(type(obj))).build(obj)
