"""Search backends for modelsearch (Wagtail's search layer): ``search.backends.whoosh``."""
