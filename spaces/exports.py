"""Exports of a draft or of one of its versions: HTML, ODT, DOCX and PDF.

Well-kept converters do the format work: pandoc (shipped by pypandoc-binary) writes ODT and
DOCX from the markdown, WeasyPrint writes the PDF from the sanitized HTML. Neither may reach
outside the document: pandoc runs with ``--sandbox`` and without raw HTML (a draft's
``![](/etc/passwd)`` must not embed a server file), and a Lua filter (``pandoc_filter.lua``)
keeps the links the HTML keeps (http, https, mailto) and drops images, so an office file
carries no ``smb:`` or ``file:`` link; WeasyPrint runs with a URL fetcher that refuses
everything (the sanitized HTML has no images anyway). Every export carries a header with the
space's title and its collectivités' names.
"""

import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from collectivites.errors import ApplicationError
from collectivites.permissions import AnyUser, require

from .models import Draft, DraftVersion, SpaceMember
from .rendering import render_markdown

FORMATS = {
    "html": "text/html; charset=utf-8",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

# Pandoc reads the dialect the drafts are written in (Python-Markdown "extra": pipe tables,
# footnotes, definition lists), with raw HTML and YAML metadata blocks switched off.
PANDOC_INPUT = "markdown-raw_html-raw_attribute-yaml_metadata_block"
# Links only to the web, mail and the document's own headings; no images (as the HTML export).
PANDOC_FILTER = Path(__file__).with_name("pandoc_filter.lua")

PRINT_CSS = """
@page { size: A4; margin: 2cm 1.8cm 2.2cm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
header.export { border-bottom: 2px solid #000091; margin-bottom: 1.5em; padding-bottom: .5em; }
header.export .space { font-size: 9pt; text-transform: uppercase; color: #000091; margin: 0; }
header.export h1 { font-size: 18pt; margin: .2em 0; }
header.export .members, header.export .meta { font-size: 9pt; color: #333; margin: .2em 0; }
h1, h2, h3 { break-after: avoid; } h2 { font-size: 14pt; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; break-inside: avoid; }
th, td { border: 1px solid #777; padding: .3em .5em; vertical-align: top; }
th { background: #eee; }
.footnote { font-size: 9pt; border-top: 1px solid #aaa; margin-top: 2em; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
"""


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class _Source:
    title: str
    space_title: str
    collectivites: list[str]
    version_label: str
    markdown: str
    at: datetime


def draft_export(
    *, actor: AnyUser, draft: Draft, export_format: str, version: DraftVersion | None = None
) -> Export:
    """The draft's live text (call on a live draft) or ``version``, in ``export_format``."""
    require(actor, "view", draft)
    if export_format not in FORMATS:
        raise ApplicationError(
            "Format inconnu : html, odt, docx ou pdf.",
            extra={"fields": {"format": [f"Choix : {', '.join(FORMATS)}."]}},
        )
    members = SpaceMember.objects.filter(space_id=draft.space_id).select_related("collectivite")
    source = _Source(
        title=draft.title,
        space_title=draft.space.title,
        collectivites=[m.collectivite.name for m in members],
        version_label=f"Version {version.number} — {version.label}" if version else "",
        markdown=version.markdown if version else draft.markdown,
        at=version.created_at if version else timezone.now(),
    )
    writer = {"html": _html, "odt": _pandoc, "docx": _pandoc, "pdf": _pdf}[export_format]
    stem = slugify(f"{draft.space.title} {draft.title}")[:120] or "brouillon"
    if version:
        stem += f"-v{version.number}"
    return Export(
        filename=f"{stem}.{export_format}",
        content_type=FORMATS[export_format],
        content=writer(source, export_format),
    )


def _meta_line(source: _Source) -> str:
    at = timezone.localtime(source.at).strftime("%d/%m/%Y %H:%M")
    label = source.version_label or "Texte en cours"
    return f"{label} — {at}"


def html_document(source: _Source) -> str:
    """A standalone, sanitized HTML document with the header and the print stylesheet."""
    members = ", ".join(source.collectivites)
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(source.title)} — {escape(source.space_title)}</title>\n"
        f"<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
        '<header class="export">\n'
        f'<p class="space">{escape(source.space_title)}</p>\n'
        f"<h1>{escape(source.title)}</h1>\n"
        f'<p class="members">Collectivités : {escape(members)}</p>\n'
        f'<p class="meta">{escape(_meta_line(source))}</p>\n'
        "</header>\n<main>\n"
        f"{render_markdown(source.markdown)}\n"
        "</main>\n</body>\n</html>\n"
    )


def _html(source: _Source, _format: str) -> bytes:
    return html_document(source).encode()


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Ressource externe refusée : {url[:80]}")


def _pdf(source: _Source, _format: str) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango, a second of start-up

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # a line per subsetted table
    return HTML(string=html_document(source), url_fetcher=_refuse_fetch).write_pdf()


def _pandoc(source: _Source, export_format: str) -> bytes:
    import pypandoc

    metadata = {
        "title": source.title,
        "subtitle": source.space_title,
        "date": _meta_line(source),
        "lang": "fr-FR",
    }
    args = ["--sandbox", "--standalone", f"--lua-filter={PANDOC_FILTER}"]
    args += [f"--metadata={key}:{value}" for key, value in metadata.items()]
    args += [f"--metadata=author:{name}" for name in source.collectivites]
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"export.{export_format}"
        pypandoc.convert_text(
            source.markdown,
            export_format,
            format=PANDOC_INPUT,
            outputfile=str(target),
            extra_args=args,
        )
        return target.read_bytes()
