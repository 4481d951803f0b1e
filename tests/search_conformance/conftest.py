"""Collected only under their own settings (``--ds=tests.search_conformance.settings``).

modelsearch's test models need an extra app, which the platform's settings do not install; the
main pytest run therefore skips this folder and ``make test`` runs it in a second invocation.
"""

import os

if os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.search_conformance.settings":
    collect_ignore_glob = ["test_*.py"]
