"""Writes on forums, split by entity; each takes ``actor`` and asks ``forums.rules`` itself."""
