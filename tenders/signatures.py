"""Electronic signatures of PDF bid files, checked with pyHanko when the bid arrives.

What the statuses mean (``SignatureStatus``):

* ``unsigned`` — no signature field is signed (or the file is not a PDF pyHanko can read: the
  reason is kept in the details). Accepted: a signature is optional.
* ``signed_invalid`` — a signature is there but the signed bytes were altered after signing, or
  the signature does not verify against its certificate.
* ``signed`` — every signature is intact and cryptographically valid, but its certificate does
  not chain up to an authority we trust (``BID_SIGNATURE_TRUST_ROOTS``, empty by default): the
  document is as the holder of that key signed it, who that holder is remains unproven.
* ``signed_valid`` — intact, valid, and the certificate chains up to a configured trust root.

No network is used: revocation information is not fetched, so "trusted" means "chains to a
configured root", not "not revoked". The buyer sees the details (signer, time, coverage) to
decide, as the law leaves that judgement to them.
"""

import logging
from functools import cache
from typing import Any, BinaryIO

from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from .models import SignatureStatus

logger = logging.getLogger(__name__)
# pyHanko logs a traceback for every certificate it cannot chain to a root; here that is the
# expected case (no trust roots by default), recorded in the details rather than in the logs.
logging.getLogger("pyhanko.sign.validation").setLevel(logging.ERROR)


@cache
def _trust_roots(paths: tuple[str, ...]) -> list:
    from pyhanko.sign.signers import load_certs_from_pemder

    return list(load_certs_from_pemder(list(paths))) if paths else []


def _context() -> ValidationContext:
    roots = _trust_roots(tuple(getattr(settings, "BID_SIGNATURE_TRUST_ROOTS", []) or []))
    # trust_roots given (even empty): the operating system's store is not consulted.
    return ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def _describe(signature, status) -> dict[str, Any]:
    cert = status.signing_cert
    return {
        "field": signature.field_name,
        "signer": cert.subject.human_friendly if cert is not None else None,
        "signing_time": status.signer_reported_dt.isoformat()
        if status.signer_reported_dt
        else None,
        "intact": bool(status.intact),
        "valid": bool(status.valid),
        "trusted": bool(status.trusted),
        "coverage": status.coverage.name if status.coverage is not None else None,
        "modification_level": status.modification_level.name
        if status.modification_level is not None
        else None,
    }


def check_pdf(handle: BinaryIO) -> tuple[str, dict[str, Any]]:
    """The status of a PDF's signatures, and what was found (for the buyer and the receipt)."""
    handle.seek(0)
    try:
        reader = PdfFileReader(handle, strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # a PDF pyHanko cannot parse is not a signed PDF to us
        logger.info("PDF unreadable by pyHanko: %s", error)
        return SignatureStatus.UNSIGNED, {"error": "PDF illisible pour la vérification."}
    if not signatures:
        return SignatureStatus.UNSIGNED, {"signatures": []}
    found = []
    context = _context()
    for signature in signatures:
        try:
            status = validate_pdf_signature(signature, signer_validation_context=context)
            found.append(_describe(signature, status))
        except Exception as error:  # malformed signature dictionaries, unknown algorithms…
            found.append(
                {
                    "field": signature.field_name,
                    "intact": False,
                    "valid": False,
                    "error": str(error),
                }
            )
    handle.seek(0)
    if not all(item["intact"] and item["valid"] for item in found):
        return SignatureStatus.SIGNED_INVALID, {"signatures": found}
    if all(item.get("trusted") for item in found):
        return SignatureStatus.SIGNED_VALID, {"signatures": found}
    return SignatureStatus.SIGNED, {"signatures": found}
