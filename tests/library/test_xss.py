"""Hostile markup in any block of a page body never reaches a reader as markup."""

import re
from html.parser import HTMLParser

import pytest

from library.rendering import render_body
from library.selectors import page_render

from .conftest import add_page

pytestmark = pytest.mark.django_db

VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "<svg onload=alert(1)></svg>",
    "<iframe src=https://evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
]
MARKDOWN_VECTORS = [
    *VECTORS,
    "[clic](javascript:alert(1))",
    '[clic](javascript:alert(1) "t")',
    "![x](x onerror=alert(1))",
    "<a href='jav&#x61;script:alert(1)'>x</a>",
]
FORBIDDEN_TAGS = {"script", "iframe", "svg", "math", "style", "img", "object", "embed", "form"}


class _Markup(HTMLParser):
    """Collects what a browser would make of the HTML: tags and attributes (text is harmless,
    escaped "<script>" shown as text is what we want)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(name)
            if name in ("href", "src") and not re.match(r"^(https?:|mailto:|/|#)", value or ""):
                self.problems.append(f"{name}={value}")


def _assert_clean(html: str):
    parser = _Markup()
    parser.feed(html)
    assert parser.problems == [], (parser.problems, html)


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS)
def test_markdown_block(index, vector):
    page = add_page(index, "XSS", body=[{"type": "markdown", "value": f"Texte {vector} fin"}])
    reading = page_render(page=page)
    _assert_clean(reading.body.html)
    _assert_clean(reading.body.blocks[0]["html"])


@pytest.mark.parametrize("vector", VECTORS)
def test_rich_text_callout_table_and_reference(index, vector):
    body = [
        {"type": "rich_text", "value": f"<p>a {vector}</p><h2>{vector}</h2>"},
        {"type": "callout", "value": {"kind": "info", "title": vector, "text": vector}},
        {"type": "table", "value": {"data": [[vector, "b"]], "first_row_is_header": True}},
        {
            "type": "legal_reference",
            "value": {
                "code": "CCP",
                "article": "R.2123-1",
                "url": "javascript:alert(1)",
                "summary": vector,
            },
        },
    ]
    page = add_page(index, "XSS", body=body)
    rendered = render_body(page.body)
    _assert_clean(rendered.html)
    for block in rendered.blocks:
        _assert_clean(block["html"])
    assert rendered.blocks[3]["url"] == ""
    for entry in rendered.toc:
        assert "<" not in entry["id"] and '"' not in entry["id"]
