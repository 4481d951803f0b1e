"""Drafts render markdown with the platform's one renderer (moved to the core, where the library
and forums use it too); these names stay importable from here."""

from collectivites.markdown import INLINE_SCAN_BUDGET, render_markdown, sanitize_html

__all__ = ["INLINE_SCAN_BUDGET", "render_markdown", "sanitize_html"]
