"""modelsearch's own backend conformance suite (``BackendTests``) against the Whoosh backend."""

import sys

from django.test import TestCase
from wagtail.search import models as wagtail_search_models

# The suite imports ``modelsearch.models.IndexEntry``; Wagtail installs modelsearch as its
# ``wagtail.search`` app, whose models module defines the same IndexEntry (only cleared there).
sys.modules.setdefault("modelsearch.models", wagtail_search_models)

from modelsearch.tests.test_backends import BackendTests  # noqa: E402


class TestWhooshBackend(BackendTests, TestCase):
    backend_path = "search.backends.whoosh"
