"""Settings for modelsearch's backend conformance tests against the Whoosh backend.

The platform's settings plus modelsearch's test models (``searchtests``) and a throwaway index
directory. ``make test`` runs these tests in their own pytest invocation
(``--ds=tests.search_conformance.settings``); the main run does not collect them (conftest).
"""

import tempfile

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "modelsearch.test.testapp",
    # ``rebuild_modelsearch_index``: the tests call modelsearch's command by its own name, which
    # Wagtail installs as ``update_index``.
    "tests.search_conformance.commands_app",
]

FIXTURE_DIRS = [str(__import__("pathlib").Path(__file__).resolve().parent / "fixtures")]

_INDEX_DIR = tempfile.mkdtemp(prefix="whoosh-conformance-")
_WHOOSH = {"BACKEND": "search.backends.whoosh", "PATH": _INDEX_DIR}

# modelsearch's tests look their backend up in MODELSEARCH_BACKENDS; Wagtail's app config reads
# WAGTAILSEARCH_BACKENDS. Both name the same backend.
MODELSEARCH_BACKENDS = {"default": _WHOOSH}
WAGTAILSEARCH_BACKENDS = {"default": _WHOOSH}

# The test app's migrations depend on the "modelsearch" app label (Wagtail's is "wagtailsearch"):
# create its tables from the models instead.
MIGRATION_MODULES = {"searchtests": None}
