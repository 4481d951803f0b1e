"""Search backends for Wagtail's search layer (``WAGTAILSEARCH_BACKENDS``)."""
