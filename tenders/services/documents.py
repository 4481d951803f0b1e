"""The DCE: versioned documents, the registre des retraits, and DCE modifications.

A document changed after publication is a "modification du DCE": a new version (the old ones
stay, since companies may have answered on them), an audit event, and a notice to every
identified downloader. Files are hashed while they are stored, chunk by chunk, so a large upload
is never held in memory.
"""

import hashlib
import hmac
import mimetypes

import filetype
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models import Max

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User
from collectivites.permissions import AnyUser, require, user_can
from spaces.exports import draft_export
from spaces.models import Draft, DraftVersion
from spaces.selectors import draft_version_get
from spaces.services import draft_version_save

from .. import ratelimit
from ..models import (
    DocumentVersion,
    Download,
    NotificationKind,
    Tender,
    TenderDocument,
    TenderDraft,
    TenderStatus,
)
from ..rules import is_public
from ._common import MANAGERS_ONLY, require_on
from .draft_links import draft_link_tender
from .notifications import notify_downloaders

EDITABLE = {TenderStatus.DRAFT, TenderStatus.PUBLISHED}
MAX_DOCUMENT_SIZE = 200 * 1024 * 1024


def _sha256(file: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _require_manager(actor: AnyUser, tender: Tender, document: TenderDocument | None = None):
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    if document is not None and document.tender_id != tender.pk:
        raise NotFoundError("Pièce introuvable.")


def _require_editable(tender: Tender) -> None:
    if tender.status not in EDITABLE:
        raise ConflictError("Le DCE d'une consultation clôturée ou terminée n'est plus modifiable.")


def _check_file(file: UploadedFile) -> None:
    if not file or not file.name:
        raise ApplicationError("Joignez un fichier.", extra={"fields": {"file": ["Obligatoire."]}})
    if file.size > MAX_DOCUMENT_SIZE:
        raise ApplicationError(
            f"Fichier trop volumineux ({file.size} octets ; au plus {MAX_DOCUMENT_SIZE}).",
            extra={"fields": {"file": ["Trop volumineux."]}},
        )


SNIFF_BYTES = 8192
# Types that have no signature to sniff, served as such (as attachments, like every piece).
PLAIN_TYPES = {"text/plain", "text/csv"}


def _served_type(file: UploadedFile, name: str) -> str:
    """The type served back to every company that downloads the piece: never what the uploading
    browser claimed, and not the name alone either. A name whose format has a signature (PDF,
    office files, archives, images: the formats bids accept) must have the content to match,
    or an executable renamed ``rc.pdf`` would reach companies as a PDF; any other name is
    served as plain text when it is text, else as bytes to save (``.html`` or ``.svg`` never
    as a page)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file.seek(0)
    sniffed = filetype.guess_mime(file.read(SNIFF_BYTES))
    file.seek(0)
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    expected = settings.BID_ALLOWED_TYPES.get(extension)
    if expected is not None:
        if sniffed not in expected:
            raise ApplicationError(
                f"« {name} » : le contenu ne correspond pas à l'extension "
                f"(contenu détecté : {sniffed or 'inconnu'}).",
                extra={"fields": {"file": ["Contenu non conforme."]}, "detected": sniffed},
            )
        return guessed
    return guessed if guessed in PLAIN_TYPES and sniffed is None else "application/octet-stream"


def _store_version(
    *,
    actor: User,
    document: TenderDocument,
    file: UploadedFile,
    change_note: str,
    source_draft_version: DraftVersion | None = None,
    substantial: bool = False,
) -> DocumentVersion:
    _check_file(file)
    number = (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    name = (file.name or "document").rsplit("/", 1)[-1][:200]
    content_type = _served_type(file, name)
    version = DocumentVersion(
        document=document,
        number=number,
        name=name,
        size=file.size,
        sha256=_sha256(file),
        content_type=content_type[:100],
        uploaded_by=actor,
        change_note=change_note,
        source_draft_version=source_draft_version,
        substantial=substantial and document.tender.status == TenderStatus.PUBLISHED,
    )
    version.file.save(name, file, save=False)
    # The file is on storage now; if the transaction fails, it is an orphan, never a dangling row.
    version.save()
    document.current_version = version
    document.save(update_fields=["current_version"])
    return version


def _announce_modification(
    *, actor: User, tender: Tender, version: DocumentVersion, action: str
) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=tender,
        collectivite=tender.buyer,
        details={
            "document": version.document.title,
            "version": version.number,
            "sha256": version.sha256,
            "change_note": version.change_note,
            "dce_modification": tender.status == TenderStatus.PUBLISHED,
            "substantial": version.substantial,
        },
    )
    if tender.status == TenderStatus.PUBLISHED:
        notify_downloaders(
            tender=tender,
            kind=NotificationKind.DCE_MODIFIED,
            subject=f"Modification du DCE : {tender.reference}",
            message=(
                f"Le DCE de la consultation « {tender.title} » a été modifié : "
                f"{version.document.title} (version {version.number})"
                + (f" — {version.change_note}" if version.change_note else "")
                + (
                    ". Il s'agit d'une modification importante : la date limite de remise des "
                    "offres sera reportée (article R.2151-4)"
                    if version.substantial
                    else ""
                )
                + ". Téléchargez la nouvelle version avant de remettre votre offre."
            ),
        )


def _require_note_after_publication(tender: Tender, change_note: str) -> None:
    if tender.status == TenderStatus.PUBLISHED and not change_note.strip():
        raise ApplicationError(
            "Après publication, décrivez la modification du DCE (elle est notifiée aux "
            "entreprises).",
            extra={"fields": {"change_note": ["Obligatoire après publication."]}},
        )


@transaction.atomic
def tender_document_add(
    *,
    actor: User,
    tender: Tender,
    title: str,
    file: UploadedFile,
    change_note: str = "",
    source_draft_version: DraftVersion | None = None,
    substantial: bool = False,
) -> TenderDocument:
    _require_manager(actor, tender)
    _require_editable(tender)
    _require_note_after_publication(tender, change_note)
    title = (title or "").strip() or (file.name if file else "")
    document = TenderDocument.objects.create(tender=tender, title=title[:200])
    version = _store_version(
        actor=actor,
        document=document,
        file=file,
        change_note=change_note,
        source_draft_version=source_draft_version,
        substantial=substantial,
    )
    _announce_modification(actor=actor, tender=tender, version=version, action="tender.dce_added")
    return document


@transaction.atomic
def tender_document_revise(
    *,
    actor: User,
    tender: Tender,
    document: TenderDocument,
    file: UploadedFile,
    change_note: str = "",
    source_draft_version: DraftVersion | None = None,
    substantial: bool = False,
) -> DocumentVersion:
    _require_manager(actor, tender, document)
    _require_editable(tender)
    _require_note_after_publication(tender, change_note)
    document = TenderDocument.objects.select_for_update().get(pk=document.pk)
    version = _store_version(
        actor=actor,
        document=document,
        file=file,
        change_note=change_note,
        source_draft_version=source_draft_version,
        substantial=substantial,
    )
    _announce_modification(actor=actor, tender=tender, version=version, action="tender.dce_revised")
    return version


@transaction.atomic
def tender_document_delete(*, actor: User, tender: Tender, document: TenderDocument) -> None:
    """Only from a draft: once published, a document may have been downloaded, so it stays."""
    _require_manager(actor, tender, document)
    if tender.status != TenderStatus.DRAFT:
        raise ConflictError(
            "Après publication, une pièce du DCE ne se supprime pas : déposez une nouvelle version."
        )
    audit_record(
        actor=actor,
        action="tender.dce_deleted",
        obj=tender,
        collectivite=tender.buyer,
        details={"document": document.title},
    )
    files = [version.file for version in document.versions.all()]
    document.current_version = None
    document.save(update_fields=["current_version"])
    document.delete()
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def ip_hash(ip: str | None) -> str:
    """A keyed hash: the same address gives the same value, the address itself is not kept."""
    if not ip:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), ip.encode(), hashlib.sha256).hexdigest()


def _record_download(
    *, actor: AnyUser, tender: Tender, version: DocumentVersion | None, ip: str | None
) -> None:
    """One line of the registre des retraits (``version`` None: the whole DCE as a ZIP).

    The registre lists who took the DCE to answer: not the buyer's side checking its own pieces
    (nor a draft's preview), which would also count in the statistics.
    """
    if not is_public(tender) or user_can(actor, "manage", tender):
        return
    identified = actor is not None and actor.is_authenticated
    Download.objects.create(
        tender=tender,
        version=version,
        user=actor if identified else None,
        company_id=actor.company_id if identified else None,
        ip_hash=ip_hash(ip),
    )


def document_download(
    *,
    actor: AnyUser,
    tender: Tender,
    document_id: int,
    version_number: int | None = None,
    ip: str | None = None,
) -> DocumentVersion:
    """A piece of the DCE (its current version unless ``version_number``), free to whoever
    sees the tender, anonymous or identified; the download is recorded in the registre."""
    require(actor, "view", tender)
    ratelimit.check(action="download", user=actor, ip=ip)
    document = (
        TenderDocument.objects.select_related("current_version")
        .filter(tender=tender, pk=document_id)
        .first()
    )
    if document is None:
        raise NotFoundError("Pièce introuvable.")
    if version_number is None:
        version = document.current_version
    else:
        version = document.versions.filter(number=version_number).first()
    if version is None:
        raise NotFoundError("Version introuvable.")
    _record_download(actor=actor, tender=tender, version=version, ip=ip)
    return version


def dce_download(*, actor: AnyUser, tender: Tender, ip: str | None = None) -> list[DocumentVersion]:
    """The current version of every piece, for the whole DCE as a ZIP; recorded once."""
    require(actor, "view", tender)
    ratelimit.check(action="download", user=actor, ip=ip)
    versions = _current_versions(tender)
    _record_download(actor=actor, tender=tender, version=None, ip=ip)
    return versions


def dce_current_versions(*, actor: AnyUser, tender: Tender) -> list[DocumentVersion]:
    """The pieces the ZIP holds, read-only: a HEAD request learns the archive's size from them
    without being counted as a download (nor reading the files)."""
    require(actor, "view", tender)
    return _current_versions(tender)


def _current_versions(tender: Tender) -> list[DocumentVersion]:
    current = tender.documents.filter(current_version__isnull=False).values("current_version_id")
    versions = list(
        DocumentVersion.objects.filter(pk__in=current)
        .select_related("document")
        .order_by("document_id")
    )
    if not versions:
        raise NotFoundError("Le DCE ne comporte encore aucune pièce.")
    return versions


FROM_DRAFT_FORMATS = ("pdf", "odt")


@transaction.atomic
def tender_document_from_draft(
    *,
    actor: User,
    tender: Tender,
    draft: Draft,
    version_number: int | None = None,
    export_format: str = "pdf",
    title: str = "",
    change_note: str = "",
    document: TenderDocument | None = None,
) -> DocumentVersion:
    """Put a drafting-space draft into the DCE, as PDF or ODT, linked to its source version.

    The piece is always made from a named version, never from the moving live text: the DCE
    must say exactly which text the companies received. Without ``version_number`` the current
    text is saved as a new version first. With ``document`` the piece is a new version of that
    DCE document (a "modification du DCE" once published); otherwise a new piece.
    """
    require(actor, "manage", tender)
    require(actor, "view", draft)
    if export_format not in FROM_DRAFT_FORMATS:
        raise ApplicationError(
            "Format du DCE : pdf ou odt.", extra={"fields": {"format": ["pdf ou odt."]}}
        )
    if version_number is None:
        version = draft_version_save(
            actor=actor, draft=draft, label=f"Jointe au DCE de la consultation {tender.reference}"
        )
    else:
        version = draft_version_get(actor=actor, draft=draft, number=version_number)
    exported = draft_export(actor=actor, draft=draft, export_format=export_format, version=version)
    file = SimpleUploadedFile(exported.filename, exported.content, exported.content_type)
    linked = TenderDraft.objects.filter(draft=draft).exists()
    if not linked and user_can(actor, "curate", draft):
        # The draft's editors say what it specifies (audited); a buyer who only reads the
        # space may use a saved version, not relabel the draft.
        draft_link_tender(actor=actor, draft=draft, tender=tender)
    if document is not None:
        return tender_document_revise(
            actor=actor,
            tender=tender,
            document=document,
            file=file,
            change_note=change_note,
            source_draft_version=version,
        )
    added = tender_document_add(
        actor=actor,
        tender=tender,
        title=title or draft.title,
        file=file,
        change_note=change_note,
        source_draft_version=version,
    )
    return added.current_version
