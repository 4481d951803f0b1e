"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitizes, before anyone sees it.

Drafts and forum posts are written by many hands; raw HTML typed into them must never reach a
reader's browser (or an export) as markup. Python-Markdown passes inline HTML through, so the
output is always cleaned with nh3 against an allow-list that keeps what the extensions produce:
tables, footnotes and heading anchors.

Python-Markdown is not built for hostile input, and a draft's text comes from anyone who can
edit it (and is rendered again for every reader, export and compaction). Two shapes were found
to hurt (tests/spaces/test_rendering.py): deep nesting (2 000 characters of "- - - …" or
"***…") exhausts the recursion limit, and runs of "[" (or "<") make the inline parser rescan
the rest of the paragraph for each one (10 kB of "[" took 11 s). So, before rendering, a
paragraph whose "[" or "<" count times its length passes ``INLINE_SCAN_BUDGET`` gets those
characters escaped (they show as typed, links in it are not made), and a text that still makes
the renderer fail is shown as preformatted text: rendering never fails, so nothing that stores
or serves the draft does.
"""

import logging
import re
from html import escape

import markdown
import nh3
from django.utils.text import slugify

_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}


def _slugify(value: str, separator: str) -> str:
    """ASCII anchors ("Titre élevé" → "titre-eleve"), stable across renders."""
    return slugify(value).replace("-", separator) or "section"


logger = logging.getLogger(__name__)

# Characters scanned by the inline parser, per paragraph, at most ("[" count × length): a
# 20 000-character paragraph may hold 100 links; real specifications stay far below.
INLINE_SCAN_BUDGET = 2_000_000
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
_ESCAPES = {"[": "\\[", "<": "&lt;"}

_EXTENSIONS = ["extra", "sane_lists", "toc"]
_EXTENSION_CONFIGS = {"toc": {"permalink": False, "slugify": _slugify}}


def _defused(text: str) -> str:
    """``text`` with the "[" and "<" of overlong paragraphs escaped (see the module docstring)."""
    parts = _PARAGRAPH_BREAK.split(text)
    for index, part in enumerate(parts):
        for character, escaped in _ESCAPES.items():
            if part.count(character) * len(part) > INLINE_SCAN_BUDGET:
                part = part.replace(character, escaped)
        parts[index] = part
    return "".join(parts)


def render_markdown(text: str) -> str:
    """Sanitized HTML for ``text`` (tables, footnotes, headings with ``id`` anchors)."""
    try:
        html = markdown.markdown(
            _defused(text),
            extensions=_EXTENSIONS,
            extension_configs=_EXTENSION_CONFIGS,
            output_format="html",
        )
    except Exception:  # RecursionError among others
        logger.warning("Markdown not rendered (%d characters): shown as plain text", len(text))
        html = f"<pre>{escape(text)}</pre>"
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
