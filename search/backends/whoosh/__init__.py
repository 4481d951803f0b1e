"""A Whoosh backend for modelsearch (Wagtail's search layer), French-aware.

``"BACKEND": "search.backends.whoosh"``. Modules: ``schema`` (fields and documents), ``query``
(modelsearch queries and queryset filters → Whoosh query objects), ``results`` (keys from Whoosh,
objects from the database), ``storage`` (generations and the atomic switch), ``searchers`` (one
searcher per process per index), ``writes`` (``apply``: the single write path).
"""

from .backend import WhooshIndex, WhooshIndexRebuilder, WhooshSearchBackend
from .writes import IndexBusyError, apply

SearchBackend = WhooshSearchBackend

__all__ = [
    "IndexBusyError",
    "SearchBackend",
    "WhooshIndex",
    "WhooshIndexRebuilder",
    "WhooshSearchBackend",
    "apply",
]
