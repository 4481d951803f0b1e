"""Sealed bids: submission until the deadline, the receipt, and reading them once opened.

The server's clock decides, read once: the time of reception is when the upload ended (the
request reaches the service once its body is received), taken before the signature checks and
the encryption. That one moment decides whether the bid is on time (checked when the request is
handled and again, with the same moment, under the tender's row lock, in case the consultation
was cancelled meanwhile) and is the time on the receipt: a bid fully received before the
deadline is never refused because checking and encrypting it took time.

Files are checked (count, sizes, extension, type sniffed from the content) before anything is
stored, then hashed and encrypted in one pass, chunk by chunk, with the tender's public key
(``tenders.crypto``). Reading needs the private key, which ``crypto`` only unwraps after the
deadline: ``bid_require_readable`` states the rules (deadline, the rule ``read_bids`` that
superusers do not pass, bids opened) but the seal does not depend on it.
"""

import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import (
    ApplicationError,
    ConflictError,
    ErrorCode,
    NotFoundError,
    TooLargeError,
)
from collectivites.models import User
from collectivites.permissions import AnyUser

from .. import antivirus, crypto, ratelimit, receipt_signing, receipts, signatures
from ..models import (
    BackupOpening,
    Bid,
    BidFile,
    Lot,
    SignatureIntegrity,
    SignatureStatus,
    Tender,
    TenderStatus,
)
from ._common import REFUSALS, now, require_on
from .opening import (
    EARLIER_BID_REFUSAL,
    DepositKind,
    bid_is_opened,
    refused_deposit_record,
)

SNIFF_BYTES = 8192


class LateBidError(ConflictError):
    """Received after the response deadline, by the server's clock: "hors délai"."""

    default_code = ErrorCode.DEADLINE_PASSED


class _Checked:
    """An uploaded file that passed the checks: its clean name, extension and sniffed type."""

    def __init__(self, upload: UploadedFile, name: str, content_type: str) -> None:
        self.upload = upload
        self.name = name
        self.content_type = content_type


def _deadline_text(tender: Tender) -> str:
    return f"{timezone.localtime(tender.response_deadline):%d/%m/%Y à %H:%M:%S}"


def _check_on_time(tender: Tender, moment: datetime) -> None:
    if tender.status == TenderStatus.CANCELLED:
        raise ConflictError("Cette consultation est annulée : elle ne reçoit plus de plis.")
    late = tender.response_deadline is None or moment >= tender.response_deadline
    if late or tender.status != TenderStatus.PUBLISHED:
        received = timezone.localtime(moment)
        raise LateBidError(
            f"Pli hors délai : la date limite de remise des offres était le "
            f"{_deadline_text(tender)} ; votre pli a été reçu le "
            f"{received:%d/%m/%Y à %H:%M:%S} (heure du serveur). Il n'est pas enregistré.",
            extra={
                "code": "hors_delai",
                "response_deadline": tender.response_deadline.isoformat()
                if tender.response_deadline
                else None,
                "received_at": moment.isoformat(),
            },
        )


def _clean_name(name: str | None) -> str:
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[-200:] or "fichier"


def max_request_bytes() -> int:
    """What a whole bid request may weigh (files plus the multipart envelope)."""
    return settings.BID_MAX_TOTAL_BYTES + 1024 * 1024


def bid_check_files(*, files: list[UploadedFile]) -> list[_Checked]:
    """Refuse, before anything is stored, what the platform does not take: 400 or 413."""
    if not files:
        raise ApplicationError(
            "Joignez au moins un fichier à votre pli.",
            extra={"fields": {"files": ["Obligatoire."]}},
        )
    if len(files) > settings.BID_MAX_FILES:
        raise ApplicationError(
            f"Un pli compte au plus {settings.BID_MAX_FILES} fichiers ({len(files)} reçus) : "
            "regroupez-les dans une archive ZIP.",
            extra={"fields": {"files": ["Trop de fichiers."]}},
        )
    allowed: dict[str, list[str]] = settings.BID_ALLOWED_TYPES
    checked, total = [], 0
    for upload in files:
        name = _clean_name(upload.name)
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        field = {"file": name}
        if extension not in allowed:
            raise ApplicationError(
                f"« {name} » : format de fichier non accepté. Formats acceptés : "
                f"{', '.join(sorted(allowed))}.",
                extra={**field, "fields": {"files": [f"{name} : format non accepté."]}},
            )
        if upload.size > settings.BID_MAX_FILE_BYTES:
            raise TooLargeError(
                f"« {name} » est trop volumineux ({upload.size} octets ; au plus "
                f"{settings.BID_MAX_FILE_BYTES} octets par fichier).",
                extra={**field, "size": upload.size, "limit": settings.BID_MAX_FILE_BYTES},
            )
        total += upload.size
        if total > settings.BID_MAX_TOTAL_BYTES:
            raise TooLargeError(
                f"Le pli est trop volumineux (plus de {settings.BID_MAX_TOTAL_BYTES} octets au "
                f"total, dépassé avec « {name} »).",
                extra={**field, "limit": settings.BID_MAX_TOTAL_BYTES},
            )
        upload.seek(0)
        sniffed = filetype.guess_mime(upload.read(SNIFF_BYTES))
        upload.seek(0)
        if sniffed not in allowed[extension]:
            raise ApplicationError(
                f"« {name} » : son contenu ne correspond pas à un fichier .{extension} "
                f"(contenu détecté : {sniffed or 'inconnu'}).",
                extra={**field, "detected": sniffed, "fields": {"files": [f"{name} : contenu."]}},
            )
        checked.append(_Checked(upload, name, sniffed))
    return checked


def _lot(tender: Tender, lot_number: int | None) -> Lot | None:
    if lot_number is None:
        return None
    lot = tender.lots.filter(number=lot_number).first()
    if lot is None:
        raise ApplicationError(
            f"Le lot n° {lot_number} n'existe pas dans cette consultation.",
            extra={"fields": {"lot": ["Lot inconnu."]}},
        )
    return lot


class InfectedFileError(ApplicationError):
    """ClamAV found a virus in a file: the bid is refused, nothing is stored."""


def _scan(actor: User, tender: Tender, checked: list[_Checked]) -> dict:
    """Scan every file before anything is stored; refuse the bid on the first virus."""
    results = {}
    for item in checked:
        result = antivirus.scan(item.upload)
        if result.status == antivirus.INFECTED:
            audit_record(
                actor=actor,
                action="tender.bid_refused_virus",
                obj=tender,
                collectivite=tender.buyer,
                details={"file": item.name, "virus": result.detail},
            )
            raise InfectedFileError(
                f"« {item.name} » contient un virus ({result.detail}) : votre pli n'est pas "
                "enregistré. Nettoyez le fichier (ou remplacez-le) et déposez à nouveau votre "
                "pli avant la date limite.",
                extra={
                    "code": "virus",
                    "file": item.name,
                    "virus": result.detail,
                    "fields": {"files": [f"{item.name} : virus {result.detail}."]},
                },
            )
        results[id(item)] = result
    return results


def tender_public_key(*, tender: Tender):
    """The tender's bid key pair is made with its first bid; only the public half is used here."""
    with transaction.atomic():
        blob = (
            Tender.objects.select_for_update()
            .values_list("bid_key_wrapped", flat=True)
            .get(pk=tender.pk)
        )
        if blob is None:
            blob = crypto.new_key_blob(tender.pk)
            Tender.objects.filter(pk=tender.pk).update(bid_key_wrapped=blob)
    return crypto.public_key(blob)


def _store(item: _Checked, *, bid_file: BidFile, recipient) -> None:
    """Hash and encrypt in one pass into a temporary file, then hand it to the storage."""
    with tempfile.TemporaryFile() as encrypted:
        item.upload.seek(0)
        digest, size = crypto.encrypt_to(item.upload.chunks(), recipient=recipient, out=encrypted)
        encrypted.seek(0)
        bid_file.sha256, bid_file.size = digest, size
        bid_file.file.save("pli.enc", File(encrypted), save=False)  # opaque name


def bid_submit(
    *,
    actor: User,
    tender: Tender,
    files: list[UploadedFile],
    lot_number: int | None = None,
    ip: str | None = None,
    backup: bool = False,
) -> Bid:
    """Record a company's bid (replacing its previous one for the same lot) and its receipt.

    ``backup``: the deposit is the company's backup copy (R.2132-11), sealed like a bid but kept
    apart: it replaces only an earlier backup copy, is never the bid examined, and is opened only
    through ``backup_open``."""
    received_at = now()  # the upload has ended: the one time of reception
    require_on(actor, "submit_bid", tender, REFUSALS["submit_bid"])
    from .candidatures import bid_require_invited  # (candidatures reuse the bids' checks)

    bid_require_invited(actor=actor, tender=tender)
    ratelimit.check(action="bid_submit", user=actor, ip=ip)
    try:
        return _submit(
            actor=actor,
            tender=tender,
            files=files,
            lot_number=lot_number,
            backup=backup,
            received_at=received_at,
        )
    except LateBidError:
        # The registre des dépôts lists refused late attempts too (never their content).
        refused_deposit_record(
            actor=actor,
            tender=tender,
            kind=DepositKind.OFFER,
            files=files,
            moment=received_at,
        )
        raise


def _submit(
    *,
    actor: User,
    tender: Tender,
    files: list[UploadedFile],
    lot_number: int | None,
    backup: bool,
    received_at: datetime,
) -> Bid:
    _check_on_time(tender, received_at)
    lot = _lot(tender, lot_number)
    checked = bid_check_files(files=files)
    scans = _scan(actor, tender, checked)
    recipient = tender_public_key(tender=tender)
    bid = Bid(
        tender=tender,
        lot=lot,
        company_id=actor.company_id,
        submitted_by=actor,
        is_backup=backup,
        is_current=not backup,
    )
    rows: list[BidFile] = []
    try:
        for item in checked:
            status, details = SignatureStatus.UNSIGNED, {}
            if item.content_type == "application/pdf":
                status, details = signatures.check_pdf(item.upload)
            row = BidFile(
                bid=bid,
                name=item.name,
                content_type=item.content_type,
                signature_status=status,
                signature_details=details,
                signature_integrity=details.get("integrity", SignatureIntegrity.UNSIGNED),
                scan_status=scans[id(item)].status,
                scan_detail=scans[id(item)].detail[:200],
            )
            _store(item, bid_file=row, recipient=recipient)
            rows.append(row)
        return _record(bid, rows, received_at=received_at)
    except BaseException:
        for row in rows:
            row.file.storage.delete(row.file.name)
        raise


@transaction.atomic
def _record(bid: Bid, rows: list[BidFile], *, received_at: datetime) -> Bid:
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=bid.tender_id)
    # Again under the lock, with the same moment: cancelled meanwhile, it is refused; the time
    # spent checking signatures and encrypting does not count against the company.
    _check_on_time(tender, received_at)
    bid.tender, bid.submitted_at = tender, received_at
    same = Bid.objects.filter(tender=tender, company_id=bid.company_id, lot=bid.lot)
    # A bid replaces the current bid; a backup copy the latest backup copy not yet replaced.
    same = (
        same.filter(is_backup=True, superseded_by__isnull=True)
        if bid.is_backup
        else same.filter(is_current=True)
    )
    previous = same.order_by("-submitted_at", "-id").first()
    bid.save()
    for row in rows:
        row.bid = bid
    BidFile.objects.bulk_create(rows)
    same.exclude(pk=bid.pk).update(is_current=False, superseded_by=bid)
    bid.receipt = receipts.receipt_data(bid, files=rows, replaces=previous)
    bid.receipt_seal = receipt_signing.sign_receipt(bid.receipt)
    bid.save(update_fields=["receipt", "receipt_seal"])
    return bid


# --- Reading, after the deadline ---------------------------------------------------------------


def bid_require_readable(*, actor: AnyUser, tender: Tender) -> None:
    """Who may read bids, and when: nobody before the deadline, then the buyer's agents once
    the bids were opened (the rule ``read_bids``: no superuser pass)."""
    if tender.response_deadline is None or now() < tender.response_deadline:
        raise crypto.SealedError(
            f"Les plis sont scellés jusqu'au {_deadline_text(tender)} : personne, acheteur, "
            "animateur ou administrateur, ne peut les lire avant la date limite."
            if tender.response_deadline
            else "Les plis sont scellés."
        )
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    if not tender.openings.exists():
        raise ConflictError("Les plis n'ont pas encore été ouverts : ouvrez-les d'abord.")


def bid_file_read(
    *, actor: AnyUser, tender: Tender, bid_id: int, file_id: int
) -> tuple[BidFile, Iterator[bytes]]:
    """A file of a bid and its decrypted content, chunk by chunk; the reading is audited."""
    bid_require_readable(actor=actor, tender=tender)
    bid_file = (
        BidFile.objects.select_related("bid__tender__buyer")
        .filter(bid__tender=tender, bid_id=bid_id, pk=file_id)
        .first()
    )
    if bid_file is None:
        raise NotFoundError("Fichier introuvable.")
    if bid_file.bid.is_backup:
        if not BackupOpening.objects.filter(backup=bid_file.bid).exists():
            raise ConflictError(
                "Cette copie de sauvegarde n'a pas été ouverte : elle ne s'ouvre que dans les "
                "cas prévus (programme malveillant, pli non reçu ou illisible), par une décision "
                "motivée.",
                extra={"rule": "R.2132-11"},
            )
    elif not bid_is_opened(bid_file.bid):
        raise ConflictError(EARLIER_BID_REFUSAL, extra={"code": "pli_remplace"})
    # Refuses by itself before the deadline; the unwrap is audited with the reader.
    private = crypto.tender_private_key(tender.pk, actor=actor, purpose="bid_file_read")
    audit_record(
        actor=actor,
        action="tender.bid_file_read",
        obj=tender,
        collectivite=tender.buyer,
        details={"bid": bid_file.bid_id, "file": bid_file.name, "sha256": bid_file.sha256},
    )
    return bid_file, _decrypted(bid_file, private)


def _decrypted(bid_file: BidFile, private) -> Iterator[bytes]:
    with bid_file.file.storage.open(bid_file.file.name, "rb") as handle:
        yield from crypto.decrypt_chunks(handle, private=private)


__all__ = [
    "LateBidError",
    "TooLargeError",
    "bid_check_files",
    "bid_file_read",
    "bid_require_readable",
    "bid_submit",
    "max_request_bytes",
    "tender_public_key",
]
