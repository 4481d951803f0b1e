"""Checking uploaded files by their content, and storing them hashed, in constant memory.

The extension a browser sends proves nothing: the first bytes decide (``filetype`` for binary
formats; XML is parsed, by defusedxml, which refuses entity declarations — no billion laughs, no
external entities).
"""

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from defusedxml import ElementTree as SafeElementTree
from django.core.files.uploadedfile import UploadedFile

from collectivites.errors import ApplicationError

SNIFF_BYTES = 8192
CHUNK_SIZE = 64 * 1024

# Extension → the content type its bytes must show.
BINARY_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg", "xml": "xml"}
LABELS = {"pdf": "PDF", "png": "PNG", "jpg": "JPEG", "xml": "XML"}


@dataclass
class CheckedFile:
    upload: UploadedFile
    name: str
    extension: str  # normalised: pdf, png, jpg, xml
    content_type: str


def clean_name(name: str | None) -> str:
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-200:] or "fichier"


def _refuse(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={"fields": {field: [message]}})


def xml_root(upload) -> object:
    """Parse the whole file safely (streamed by the parser) and return its root element."""
    upload.seek(0)
    try:
        tree = SafeElementTree.parse(upload)
    except Exception as error:  # ParseError, DTDForbidden, EntitiesForbidden…
        raise ValueError(str(error)) from error
    finally:
        upload.seek(0)
    return tree.getroot()


def check_file(upload: UploadedFile, *, field: str, allowed: tuple[str, ...]) -> CheckedFile:
    """Refuse (400 naming ``field``) a file whose name or content is not one of ``allowed``."""
    name = clean_name(upload.name)
    raw_extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = EXTENSIONS.get(raw_extension)
    accepted = ", ".join(LABELS[kind] for kind in allowed)
    if extension not in allowed:
        raise _refuse(
            field, f"« {name} » : format non accepté ici (formats acceptés : {accepted})."
        )
    if upload.size == 0:
        raise _refuse(field, f"« {name} » est vide.")
    if extension == "xml":
        try:
            xml_root(upload)
        except ValueError:
            raise _refuse(field, f"« {name} » n'est pas un fichier XML bien formé.") from None
        return CheckedFile(upload, name, extension, "application/xml")
    upload.seek(0)
    sniffed = filetype.guess_mime(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if sniffed != BINARY_TYPES[extension]:
        raise _refuse(
            field,
            f"« {name} » : son contenu n'est pas celui d'un fichier {LABELS[extension]} "
            f"(contenu détecté : {sniffed or 'inconnu'}).",
        )
    return CheckedFile(upload, name, extension, sniffed)


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in (
        upload.chunks(CHUNK_SIZE)
        if hasattr(upload, "chunks")
        else iter(lambda: upload.read(CHUNK_SIZE), b"")
    ):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
