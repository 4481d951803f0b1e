"""Re-export: the markdown renderer moved to the core (``collectivites.markdown``) so that every
domain app (forums, library) renders and sanitizes markdown the same way without importing
spaces."""

from collectivites.markdown import INLINE_SCAN_BUDGET, render_markdown

__all__ = ["INLINE_SCAN_BUDGET", "render_markdown"]
