"""Files out of storage in constant memory, one document or the whole DCE as a ZIP.

The ZIP is stored (not compressed): DCE pieces are mostly PDFs and office files that are already
compressed, and a stored ZIP has a size known in advance (Content-Length, resumable progress
bars) while ``zipstream-ng`` reads each file chunk by chunk only when the client asks for it.
"""

from collections.abc import Iterator
from zipfile import ZIP_STORED

from zipstream import ZipStream

from .models import DocumentVersion, Tender

CHUNK_SIZE = 64 * 1024


def version_chunks(version: DocumentVersion) -> Iterator[bytes]:
    """Opened lazily, when the response starts, and closed when it ends."""
    with version.file.storage.open(version.file.name, "rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            yield chunk


def _arcname(index: int, version: DocumentVersion) -> str:
    # Numbered so two pieces with the same file name cannot collide inside the archive.
    return f"{index:02d} - {version.name}".replace("/", "_")


def dce_zip(*, tender: Tender, versions: list[DocumentVersion]) -> ZipStream:
    archive = ZipStream(compress_type=ZIP_STORED, sized=True)
    for index, version in enumerate(versions, start=1):
        archive.add(version_chunks(version), arcname=_arcname(index, version), size=version.size)
    return archive


def dce_zip_name(tender: Tender) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in tender.reference)
    return f"DCE-{safe}.zip"
