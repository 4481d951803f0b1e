"""The candidature phase of the two-phase procedures: the buyer's checklist, the companies'
sealed files, the selection with reasons, and the invitations to tender.

* The checklist is set on the draft (it is part of what the notice announces).
* A candidature is received until the candidature deadline by the server's clock; a later
  deposit is refused (R.2143-2: "Les candidatures reçues hors délai sont éliminées") and the
  attempt kept in the registre des dépôts. A new deposit replaces the company's previous one.
* Files are encrypted with the tender's ``candidatures`` key (``tenders.seals``), which unwraps
  only after the candidature deadline: the buyer reads them then, each reading audited.
* Each current candidature is admitted or rejected, a rejection with its reason; the
  invitations go to the admitted ones only, with the offers' deadline, checked against the
  minimum that runs from the invitation (R.2161-7/-8, R.2161-14/-15). Only invited companies
  bid afterwards (``bid_submit``).
"""

import tempfile
from collections.abc import Iterator

from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from collectivites.audit import audit_record
from collectivites.errors import (
    ApplicationError,
    ConflictError,
    ErrorCode,
    NotFoundError,
    PermissionDeniedError,
)
from collectivites.models import User
from collectivites.permissions import AnyUser

from .. import crypto, seals, signatures
from ..models import (
    Candidature,
    CandidatureFile,
    CandidatureRequirement,
    CandidatureStatus,
    DepositKind,
    NotificationKind,
    PieceKind,
    SignatureStatus,
    Tender,
    TenderStatus,
)
from ..procedures import is_two_phase
from ._common import MANAGERS_ONLY, REFUSALS, now, require_on
from .bids import bid_check_files
from .notifications import notify_users
from .opening import refused_deposit_record
from .procedures import invitation_deadline_check


class LateCandidatureError(ConflictError):
    default_code = ErrorCode.DEADLINE_PASSED


def _require_two_phase(tender: Tender) -> None:
    if not is_two_phase(tender.procedure):
        raise ConflictError(
            "Cette procédure n'a pas de phase de candidature (procédure ouverte ou adaptée : "
            "candidature et offre sont remises ensemble)."
        )


def _record(actor, action: str, tender: Tender, **details) -> None:
    audit_record(actor=actor, action=action, obj=tender, collectivite=tender.buyer, details=details)


# --- The checklist -------------------------------------------------------------------------


@transaction.atomic
def candidature_requirements_set(
    *, actor: User, tender: Tender, items: list[dict]
) -> list[CandidatureRequirement]:
    """Replace the list of pieces a candidature holds; on the draft only."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    _require_two_phase(tender)
    if tender.status != TenderStatus.DRAFT:
        raise ConflictError(
            "Les pièces de candidature demandées font partie de l'avis : elles se fixent avant "
            "la publication."
        )
    rows = []
    for position, item in enumerate(items):
        label = (item.get("label") or "").strip()
        kind = item.get("kind") or PieceKind.OTHER
        if not label or kind not in PieceKind.values:
            raise ApplicationError(
                "Chaque pièce demandée a un libellé et un type connu.",
                extra={"fields": {"items": {str(position): {"label": ["Obligatoire."]}}}},
            )
        rows.append(
            CandidatureRequirement(
                tender=tender,
                position=position,
                kind=kind,
                label=label[:200],
                required=bool(item.get("required", True)),
            )
        )
    tender.candidature_requirements.all().delete()
    CandidatureRequirement.objects.bulk_create(rows)
    _record(actor, "tender.candidature_requirements_set", tender, items=len(rows))
    return list(tender.candidature_requirements.all())


# --- Deposit --------------------------------------------------------------------------------


def _check_on_time(tender: Tender, moment) -> None:
    deadline = tender.candidature_deadline
    if tender.status != TenderStatus.PUBLISHED or deadline is None or moment >= deadline:
        when = f"{timezone.localtime(deadline):%d/%m/%Y à %H:%M:%S}" if deadline else "—"
        raise LateCandidatureError(
            f"Candidature hors délai : la date limite de réception des candidatures était le "
            f"{when} ; votre dépôt a été reçu le "
            f"{timezone.localtime(moment):%d/%m/%Y à %H:%M:%S} (heure du serveur). Elle n'est "
            "pas enregistrée (article R.2143-2).",
            extra={"code": "hors_delai", "received_at": moment.isoformat()},
        )


def candidature_submit(
    *,
    actor: User,
    tender: Tender,
    files: list[UploadedFile],
    requirement_ids: list[int | None] | None = None,
) -> Candidature:
    """A company's candidature file, each file answering a piece of the checklist (or none)."""
    require_on(actor, "submit_bid", tender, REFUSALS["submit_bid"])
    _require_two_phase(tender)
    try:
        return _submit(actor, tender, files, requirement_ids or [])
    except LateCandidatureError as error:
        refused_deposit_record(
            actor=actor,
            tender=tender,
            kind=DepositKind.CANDIDATURE,
            files=files,
            moment=parse_datetime(error.extra["received_at"]),
        )
        raise


def _submit(actor, tender, files, requirement_ids) -> Candidature:
    moment = now()
    _check_on_time(tender, moment)  # the moment of reception, taken once (the upload ended)
    requirements = {row.pk: row for row in tender.candidature_requirements.all()}
    ids = list(requirement_ids) + [None] * (len(files) - len(requirement_ids))
    if len(ids) > len(files):
        raise ApplicationError(
            "Une pièce de la liste par fichier, pas davantage.",
            extra={"fields": {"requirements": ["Plus de pièces que de fichiers."]}},
        )
    for value in ids:
        if value is not None and value not in requirements:
            raise ApplicationError(
                f"Pièce demandée inconnue : {value}.",
                extra={"fields": {"requirements": [f"Inconnue : {value}."]}},
            )
    missing = [
        row.label for row in requirements.values() if row.required and row.pk not in set(ids)
    ]
    if missing:
        raise ApplicationError(
            "Pièces obligatoires manquantes : " + ", ".join(missing) + ".",
            extra={"fields": {"files": [f"Manquante : {label}." for label in missing]}},
        )
    checked = bid_check_files(files=files)
    recipient = seals.public_key(tender_pk=tender.pk, purpose=seals.CANDIDATURES)
    candidature = Candidature(tender=tender, company_id=actor.company_id, submitted_by=actor)
    rows = []
    try:
        for item, requirement in zip(checked, ids, strict=True):
            status = SignatureStatus.UNSIGNED
            if item.content_type == "application/pdf":
                status, _details = signatures.check_pdf(item.upload)
            row = CandidatureFile(
                candidature=candidature,
                requirement=requirements.get(requirement),
                name=item.name,
                content_type=item.content_type,
                signature_status=status,
            )
            item.upload.seek(0)
            with tempfile.TemporaryFile() as encrypted:
                digest, size = crypto.encrypt_to(
                    item.upload.chunks(), recipient=recipient, out=encrypted
                )
                encrypted.seek(0)
                row.sha256, row.size = digest, size
                row.file.save("candidature.enc", File(encrypted), save=False)
            rows.append(row)
        return _record_candidature(candidature, rows, moment)
    except BaseException:
        for row in rows:
            row.file.storage.delete(row.file.name)
        raise


@transaction.atomic
def _record_candidature(candidature: Candidature, rows, moment) -> Candidature:
    tender = (
        Tender.objects.select_for_update().select_related("buyer").get(pk=candidature.tender_id)
    )
    candidature.tender, candidature.submitted_at = tender, moment
    candidature.save()
    for row in rows:
        row.candidature = candidature
    CandidatureFile.objects.bulk_create(rows)
    Candidature.objects.filter(
        tender=tender, company_id=candidature.company_id, is_current=True
    ).exclude(pk=candidature.pk).update(is_current=False, superseded_by=candidature)
    candidature.receipt = {
        "number": f"ARC-{tender.pk}-{candidature.pk}",
        "received_at": moment.isoformat(),
        "tender": {"id": tender.pk, "reference": tender.reference, "title": tender.title},
        "company": {"name": candidature.company.name, "siret": candidature.company.siret},
        "files": [{"name": row.name, "size": row.size, "sha256": row.sha256} for row in rows],
    }
    candidature.save(update_fields=["receipt"])
    _record(None, "tender.candidature_received", tender, candidature=candidature.pk)
    return candidature


# --- Reading, selection, invitations -------------------------------------------------------


def _require_after_deadline(tender: Tender) -> None:
    deadline = tender.candidature_deadline
    if deadline is None or now() < deadline:
        raise crypto.SealedError(
            "Les candidatures sont scellées jusqu'à la date limite de réception des candidatures."
        )


def candidature_require_readable(*, actor: AnyUser, tender: Tender) -> None:
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    _require_two_phase(tender)
    _require_after_deadline(tender)


def candidature_file_read(
    *, actor: AnyUser, tender: Tender, candidature_id: int, file_id: int
) -> tuple[CandidatureFile, Iterator[bytes]]:
    candidature_require_readable(actor=actor, tender=tender)
    row = (
        CandidatureFile.objects.select_related("candidature")
        .filter(candidature__tender=tender, candidature_id=candidature_id, pk=file_id)
        .first()
    )
    if row is None:
        raise NotFoundError("Fichier introuvable.")
    private = seals.candidatures_private_key(tender.pk)  # refuses by itself before the deadline
    _record(
        actor,
        "tender.candidature_file_read",
        tender,
        candidature=candidature_id,
        file=row.name,
        sha256=row.sha256,
    )

    def chunks() -> Iterator[bytes]:
        with row.file.storage.open(row.file.name, "rb") as handle:
            yield from crypto.decrypt_chunks(handle, private=private)

    return row, chunks()


@transaction.atomic
def candidature_decide(
    *, actor: User, tender: Tender, candidature_id: int, admitted: bool, reason: str = ""
) -> Candidature:
    """Admit or reject a candidature (a rejection says why), until the invitations are sent."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    _require_two_phase(tender)
    _require_after_deadline(tender)
    reason = (reason or "").strip()
    if not admitted and not reason:
        raise ApplicationError(
            "Le motif du rejet est obligatoire.", extra={"fields": {"reason": ["Obligatoire."]}}
        )
    if tender.response_deadline is not None:
        raise ConflictError("Les invitations sont envoyées : la sélection est arrêtée.")
    candidature = (
        Candidature.objects.select_for_update()
        .filter(tender=tender, pk=candidature_id, is_current=True)
        .first()
    )
    if candidature is None:
        raise NotFoundError("Candidature introuvable (ou remplacée par un dépôt plus récent).")
    candidature.status = CandidatureStatus.ADMITTED if admitted else CandidatureStatus.REJECTED
    candidature.decision_reason = reason
    candidature.decided_by, candidature.decided_at = actor, now()
    candidature.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    _record(
        actor,
        "tender.candidature_decided",
        tender,
        candidature=candidature.pk,
        status=candidature.status,
        reason=reason,
    )
    return candidature


@transaction.atomic
def candidature_invite(*, actor: User, tender: Tender, response_deadline) -> list[Candidature]:
    """Send the invitations to tender to the admitted candidates, with the offers' deadline."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    _require_two_phase(tender)
    tender = Tender.objects.select_for_update().select_related("buyer").get(pk=tender.pk)
    _require_after_deadline(tender)
    if tender.status != TenderStatus.PUBLISHED or tender.response_deadline is not None:
        raise ConflictError("Les invitations à soumissionner sont déjà envoyées.")
    current = list(
        Candidature.objects.filter(tender=tender, is_current=True).select_related("company")
    )
    undecided = [c for c in current if c.status == CandidatureStatus.SUBMITTED]
    if undecided:
        raise ConflictError(
            f"{len(undecided)} candidature(s) sans décision : admettez-les ou rejetez-les d'abord.",
            extra={"undecided": [c.pk for c in undecided]},
        )
    admitted = [c for c in current if c.status == CandidatureStatus.ADMITTED]
    if not admitted:
        raise ConflictError("Aucune candidature admise : personne à inviter.")
    moment = now()
    invitation_deadline_check(tender, deadline=response_deadline, moment=moment)
    Tender.objects.filter(pk=tender.pk).update(response_deadline=response_deadline)
    tender.response_deadline = response_deadline
    Candidature.objects.filter(pk__in=[c.pk for c in admitted]).update(invited_at=moment)
    deadline_text = f"{timezone.localtime(response_deadline):%d/%m/%Y à %H:%M}"
    for candidature in admitted:
        candidature.invited_at = moment
        notify_users(
            users=list(candidature.company.users.filter(is_active=True)),
            tender=tender,
            kind=NotificationKind.INVITATION,
            subject=f"Invitation à soumissionner : {tender.reference}",
            message=(
                f"Votre candidature à la consultation « {tender.title} » est retenue : vous "
                f"êtes invité à remettre une offre avant le {deadline_text}."
            ),
        )
    for candidature in current:
        if candidature.status == CandidatureStatus.REJECTED:
            notify_users(
                users=list(candidature.company.users.filter(is_active=True)),
                tender=tender,
                kind=NotificationKind.CANDIDATURE_DECISION,
                subject=f"Candidature non retenue : {tender.reference}",
                message=(
                    f"Votre candidature à la consultation « {tender.title} » n'est pas "
                    f"retenue. Motif : {candidature.decision_reason}"
                ),
            )
    _record(
        actor,
        "tender.invitations_sent",
        tender,
        invited=[c.pk for c in admitted],
        response_deadline=response_deadline.isoformat(),
    )
    return admitted


def bid_require_invited(*, actor: User, tender: Tender) -> None:
    """In a two-phase procedure, only the invited candidates bid."""
    if not is_two_phase(tender.procedure):
        return
    invited = Candidature.objects.filter(
        tender=tender, company_id=actor.company_id, is_current=True, invited_at__isnull=False
    ).exists()
    if not invited:
        raise PermissionDeniedError(
            "Dans cette procédure, seuls les candidats invités à soumissionner remettent une offre."
        )
