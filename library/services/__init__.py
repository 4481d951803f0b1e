"""Writes on the library, one module per entity; each takes ``actor`` and enforces its rule."""
