"""modelsearch's command under its own name (Wagtail installs it as ``update_index``)."""

from wagtail.search.management.commands.update_index import Command  # noqa: F401
