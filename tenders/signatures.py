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

Beside the status, ``SignatureIntegrity`` says whether the file is still what was signed:
``signed_unchanged`` only when each signature's revision is intact and either covers the
whole file or is followed by nothing but what pyHanko's difference analysis classes as harmless
(further signatures, timestamps: ``docmdp_ok``); an incremental update that changes the
content after signing (pyHanko: coverage ``ENTIRE_REVISION``, modification level ``OTHER``)
is ``signed_changed`` and the status ``signed_invalid``, whatever the certificate. pyHanko's
own verdict (``bottom_line``: intact, valid, trusted and DocMDP respected) is kept in the
details.

No network is used: revocation information is not fetched, so "trusted" means "chains to a
configured root", not "not revoked". The buyer sees the details (signer, time, coverage) to
decide, as the law leaves that judgement to them.
"""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, BinaryIO

from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from .models import SignatureIntegrity, SignatureStatus

# Modifications after a signature that leave the signed document as it was signed.
HARMLESS_MODIFICATIONS = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES}
CO_SIGNING = {ModificationLevel.FORM_FILLING}

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


def _unchanged(status, *, last: bool) -> bool:
    """The file is what was signed: the whole of it is covered, or what follows the signed
    revision changes nothing of the content (pyHanko's difference analysis). An earlier
    signature followed by further signatures (form filling, in pyHanko's terms) counts as
    unchanged only under a last signature that covers the whole file."""
    if not (status.intact and status.valid):
        return False
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    allowed = HARMLESS_MODIFICATIONS if last else HARMLESS_MODIFICATIONS | CO_SIGNING
    return bool(status.docmdp_ok) and status.modification_level in allowed


def _describe(signature, status, *, last: bool) -> dict[str, Any]:
    cert = status.signing_cert
    return {
        "unchanged": _unchanged(status, last=last),
        "bottom_line": bool(status.bottom_line),
        "docmdp_ok": bool(status.docmdp_ok),
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


@contextmanager
def _fast_reader(handle: BinaryIO) -> Iterator[BinaryIO]:
    """A plain buffered file for pyHanko, which reads PDFs in many tiny reads.

    Through Django's upload wrappers each read is several Python calls (a 3 MB malformed PDF
    took 42 s); the temporary file opened directly, or an in-memory copy of a small upload,
    takes about a second.
    """
    path = getattr(handle, "temporary_file_path", None)
    if path is not None:
        with open(path(), "rb") as raw:
            yield raw
        return
    handle.seek(0)
    yield io.BytesIO(handle.read())
    handle.seek(0)


def check_pdf(handle: BinaryIO) -> tuple[str, dict[str, Any]]:
    """The status of a PDF's signatures, and what was found (for the buyer and the receipt).

    ``details["integrity"]`` holds the ``SignatureIntegrity`` of the file.
    """
    with _fast_reader(handle) as raw:
        status, details = _check(raw)
    details["integrity"] = _integrity(status, details)
    return status, details


def _integrity(status: str, details: dict[str, Any]) -> str:
    if status == SignatureStatus.UNSIGNED:
        return SignatureIntegrity.UNSIGNED
    found = details.get("signatures", [])
    if found and all(item.get("unchanged") for item in found):
        return SignatureIntegrity.UNCHANGED
    return SignatureIntegrity.CHANGED


def _check(handle: BinaryIO) -> tuple[str, dict[str, Any]]:
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
    for index, signature in enumerate(signatures):  # in the order of the revisions
        try:
            status = validate_pdf_signature(signature, signer_validation_context=context)
            found.append(_describe(signature, status, last=index == len(signatures) - 1))
        except Exception as error:  # malformed signature dictionaries, unknown algorithms…
            found.append(
                {
                    "field": signature.field_name,
                    "intact": False,
                    "valid": False,
                    "unchanged": False,
                    "error": str(error),
                }
            )
    if not all(item["intact"] and item["valid"] and item["unchanged"] for item in found):
        return SignatureStatus.SIGNED_INVALID, {"signatures": found}
    if all(item.get("trusted") for item in found):
        return SignatureStatus.SIGNED_VALID, {"signatures": found}
    return SignatureStatus.SIGNED, {"signatures": found}
