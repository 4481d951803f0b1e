"""The stamped copy of an acknowledged act: a visible band on its first page.

The band says what the original cannot: the @CTES identifier, "Reçu en préfecture le …" and
"Affiché / publié le …". It is drawn by WeasyPrint (already used for receipts) on a transparent
page the size of the act's first page, and merged over it with pypdf; the stored original is
never modified (every download stamps a copy, with today's knowledge of the publication date).
"""

import tempfile
from html import escape

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from .models import Act

BAND = """<html><head><style>
@page {{ size: {width}pt {height}pt; margin: 0; }}
body {{ margin: 0; font-family: sans-serif; }}
.band {{ position: absolute; top: 8pt; left: 24pt; right: 24pt; padding: 4pt 8pt;
  border: 1.5pt solid #0b3d91; background: rgba(255,255,255,0.92); color: #0b3d91;
  font-size: 8.5pt; line-height: 1.35; }}
</style></head><body><div class="band">
<strong>{identifier}</strong><br>
Reçu en préfecture le {received}<br>
Affiché / publié le {published}
</div></body></html>"""


def band_pdf(act: Act, *, width: float, height: float) -> bytes:
    html = BAND.format(
        width=width,
        height=height,
        identifier=escape(act.identifier),
        received=f"{act.received_on:%d/%m/%Y}" if act.received_on else "—",
        published=f"{act.publication_date:%d/%m/%Y}" if act.publication_date else "—",
    )
    return HTML(string=html).write_pdf()


def stamped_copy(act: Act, original):
    """A temporary file (rewound) holding the act's PDF with the band on its first page."""
    import io

    reader = PdfReader(original)
    writer = PdfWriter(clone_from=reader)
    first = writer.pages[0]
    box = first.mediabox
    band = PdfReader(io.BytesIO(band_pdf(act, width=float(box.width), height=float(box.height))))
    first.merge_page(band.pages[0])
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (returned)
    writer.write(out)
    out.seek(0)
    return out
