"""Markdown to safe HTML: Python-Markdown renders, nh3 sanitizes, before anyone sees it.

Drafts are written by many hands; raw HTML typed into a draft must never reach a reader's
browser (or an export) as markup. Python-Markdown passes inline HTML through, so the output is
always cleaned with nh3 against an allow-list that keeps what the extensions produce: tables,
footnotes and heading anchors.
"""

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


_EXTENSIONS = ["extra", "sane_lists", "toc"]
_EXTENSION_CONFIGS = {"toc": {"permalink": False, "slugify": _slugify}}


def render_markdown(text: str) -> str:
    """Sanitized HTML for ``text`` (tables, footnotes, headings with ``id`` anchors)."""
    html = markdown.markdown(
        text, extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html"
    )
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
