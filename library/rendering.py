"""A library page's body as the API serves it: sanitized HTML, structured blocks and a table of
contents, computed from the same blocks in one pass.

Nothing an editor stored is trusted as markup: markdown goes through the platform's renderer
(Python-Markdown then nh3, ``collectivites.markdown``), rich text and every other block's HTML
through the same nh3 allow-list, and text fields are escaped. Links in legal references keep
http(s) only. Headings get stable ``id`` anchors so the reader's table of contents can link them.
"""

import re
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any

from django.utils.text import slugify
from wagtail.rich_text import expand_db_html

from collectivites.markdown import render_markdown, sanitize_html

from .blocks import LegalReferenceBlock

_HEADING = re.compile(r"<h([2-4])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_CODE_LABELS = dict(LegalReferenceBlock.base_blocks["code"].field.choices)


@dataclass
class RenderedBody:
    html: str
    blocks: list[dict[str, Any]]
    toc: list[dict[str, Any]] = field(default_factory=list)


def _safe_url(url: str) -> str:
    return url if re.match(r"^https?://", url or "", re.IGNORECASE) else ""


def _rich_text(value) -> str:
    source = getattr(value, "source", value) or ""
    return sanitize_html(expand_db_html(source))


def _table(value: dict) -> tuple[list[list[str]], str]:
    rows = [[str(cell or "") for cell in row] for row in (value or {}).get("data") or []]
    header_row = bool((value or {}).get("first_row_is_header"))
    header_col = bool((value or {}).get("first_col_is_header"))
    parts = ["<table>"]
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            tag = "th" if (header_row and r == 0) or (header_col and c == 0) else "td"
            cells.append(f"<{tag}>{escape(cell)}</{tag}>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
    parts.append("</table>")
    return rows, sanitize_html("".join(parts))


def _block(block) -> tuple[dict[str, Any], str]:
    """One block as structured data and as HTML."""
    kind, value = block.block_type, block.value
    data: dict[str, Any] = {"type": kind, "id": block.id}
    if kind == "rich_text":
        html = _rich_text(value)
        data["html"] = html
    elif kind == "markdown":
        html = render_markdown(value or "")
        data.update(markdown=value or "", html=html)
    elif kind == "callout":
        text = _rich_text(value["text"])
        title = value.get("title") or ""
        data.update(kind=value["kind"], title=title, html=text)
        heading = f"<p><strong>{escape(title)}</strong></p>" if title else ""
        html = f'<div class="callout callout-{escape(value["kind"])}">{heading}{text}</div>'
    elif kind == "document":
        document = value["document"]
        label = value.get("label") or (document.title if document else "")
        data.update(
            label=label,
            document=(
                {"id": document.pk, "title": document.title, "extension": document.file_extension}
                if document
                else None
            ),
        )
        html = (
            f'<p class="document"><a href="{escape(document.url)}">{escape(label)}</a></p>'
            if document
            else ""
        )
    elif kind == "table":
        rows, html = _table(value)
        data.update(
            rows=rows,
            first_row_is_header=bool(value.get("first_row_is_header")),
            first_col_is_header=bool(value.get("first_col_is_header")),
            html=html,
        )
    elif kind == "legal_reference":
        url = _safe_url(value.get("url") or "")
        code_label = str(_CODE_LABELS.get(value["code"], value["code"]))
        data.update(
            code=value["code"],
            code_label=code_label,
            article=value["article"],
            url=url,
            summary=value.get("summary") or "",
        )
        title = f"{escape(code_label)}, article {escape(value['article'])}"
        link = f'<a href="{escape(url)}">{title}</a>' if url else title
        summary = f"<p>{escape(value.get('summary') or '')}</p>" if value.get("summary") else ""
        html = f'<blockquote class="legal-reference"><p>{link}</p>{summary}</blockquote>'
    else:  # a block type added later without a renderer: shown as nothing, never raw
        html = ""
    return data, sanitize_html(html)


def _anchor_headings(html: str, toc: list[dict[str, Any]], used: set[str]) -> str:
    def replace(match: re.Match) -> str:
        level, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        text = unescape(_TAG.sub("", inner)).strip()
        existing = _ID.search(attributes)
        anchor = existing.group(1) if existing else (slugify(text) or "section")
        base, n = anchor, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        attributes = _ID.sub("", attributes)
        toc.append({"id": anchor, "text": text, "level": int(level)})
        return f'<h{level}{attributes} id="{escape(anchor)}">{inner}</h{level}>'

    return _HEADING.sub(replace, html)


def render_body(stream) -> RenderedBody:
    """The page body (a StreamField value) as HTML, blocks and table of contents."""
    blocks, html_parts, toc, used = [], [], [], set()
    for block in stream or []:
        data, html = _block(block)
        html = _anchor_headings(html, toc, used)
        data["html"] = html
        blocks.append(data)
        html_parts.append(html)
    return RenderedBody(html="\n".join(html_parts), blocks=blocks, toc=toc)


def render_quiz(stream) -> list[dict[str, Any]]:
    """A lesson's questions without which answers are correct (the reader is being tested)."""
    return [
        {
            "id": block.id,
            "question": block.value["question"],
            "choices": [
                {"id": choice.id, "text": choice.value["text"]}
                for choice in block.value["choices"].bound_blocks
            ],
        }
        for block in stream or []
        if block.block_type == "question"
    ]
