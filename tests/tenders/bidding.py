"""Helpers of the bid tests: uploads, submitting through the API, opening after the deadline."""

import io
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from .conftest import expire
from .pdfsign import plain_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def offer(name: str = "offre.pdf", text: bytes = b"Offre de prix : 128 400,00 EUR HT"):
    return upload(name, plain_pdf(text), "application/pdf")


def submit(client, tender, *files, lot=None, **extra):
    data = {"files": list(files) or [offer()]}
    if lot is not None:
        data["lot"] = lot
    return client.post(f"/api/v1/tenders/{tender.pk}/bids/", data, format="multipart", **extra)


def stored_bid_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "tenders" / "bids"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def open_after_deadline(client, tender) -> None:
    expire(tender)
    response = client.post(f"/api/v1/tenders/{tender.pk}/open/")
    assert response.status_code == 200, response.json()


def streamed(response) -> bytes:
    out = io.BytesIO()
    for chunk in response.streaming_content:
        out.write(chunk)
    return out.getvalue()
