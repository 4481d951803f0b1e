"""The accusé de réception of a bid: built once when the bid is recorded, kept on the bid.

The JSON is the receipt; the PDF is rendered from it on demand (WeasyPrint, from an HTML
template), so both always say the same thing and the PDF needs no storage. Both are signed by
the platform (``receipt_signing``): the JSON's detached signature is made once, when the bid is
recorded, and kept on the bid (``receipt_seal``); the PDF is signed (PAdES) each time it is
rendered.
"""

import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import receipt_signing
from .models import Bid, BidFile, SignatureIntegrity, SignatureStatus

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one line per layout step


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M:%S}"


def receipt_data(bid: Bid, *, files: list[BidFile], replaces: Bid | None) -> dict[str, Any]:
    tender = bid.tender
    return {
        "number": f"AR-{tender.pk}-{bid.pk}",
        "kind": "copie_de_sauvegarde" if bid.is_backup else "pli",
        "bid_id": bid.pk,
        "received_at": bid.submitted_at.isoformat(),
        "received_at_local": _local(bid.submitted_at) + " (heure de Paris)",
        "tender": {
            "id": tender.pk,
            "reference": tender.reference,
            "title": tender.title,
            "buyer": tender.buyer.name,
            "response_deadline": tender.response_deadline.isoformat(),
        },
        "lot": {"number": bid.lot.number, "title": bid.lot.title} if bid.lot else None,
        "company": {"name": bid.company.name, "siret": bid.company.siret},
        "submitted_by": bid.submitted_by.display_name,
        "files": [
            {
                "name": row.name,
                "size": row.size,
                "sha256": row.sha256,
                "content_type": row.content_type,
                "signature_status": row.signature_status,
                "signature_integrity": row.signature_integrity,
                "scan_status": row.scan_status,
            }
            for row in files
        ],
        "total_size": sum(row.size for row in files),
        "replaces": {"bid_id": replaces.pk, "received_at": replaces.submitted_at.isoformat()}
        if replaces
        else None,
    }


def receipt_pdf(receipt: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango, heavy for every process

    labels = dict(SignatureStatus.choices)
    integrity = dict(SignatureIntegrity.choices)
    context = {
        "r": receipt,
        "deadline_local": _local(parse_datetime(receipt["tender"]["response_deadline"])),
        "files": [
            {
                **item,
                "signature_label": labels.get(item["signature_status"], ""),
                "integrity_label": integrity.get(item.get("signature_integrity", ""), ""),
                "scan_label": {"clean": "sain", "not_scanned": "non analysé"}.get(
                    item.get("scan_status", ""), ""
                ),
            }
            for item in receipt["files"]
        ],
        "key_fingerprint": receipt_signing.public_key_info()["key_fingerprint"],
        "replaces_local": _local(parse_datetime(receipt["replaces"]["received_at"]))
        if receipt.get("replaces")
        else None,
    }
    html = render_to_string("tenders/bid_receipt.html", context)
    return receipt_signing.sign_pdf(
        HTML(string=html).write_pdf(),
        reason=f"Accusé de réception {receipt['number']}, pli reçu le {receipt['received_at']}",
    )


def receipt_filename(receipt: dict[str, Any], extension: str) -> str:
    return f"accuse-reception-{receipt['number']}.{extension}"
