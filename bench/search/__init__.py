"""Search benchmark (run by hand): 100 000 French documents, Whoosh and PostgreSQL in one run.

``python bench/search/run.py`` — see bench/README.md. A bench-only Django app (``bench_search``,
installed only by ``bench.search.settings``) holds the documents.
"""
