"""Requests to complete a candidature (R.2144-2) or clarify an offer (R.2152-2) through the
platform's secure messaging, and the company's answer.

The buyer writes to one company, with a deadline; the company answers once, before it, by the
server's clock, with a text and files. The answer is sealed: its text and files are encrypted
with the tender's ``messages`` key (``tenders.seals``) and its receipt keeps the time and the
SHA-256 of each piece. The buyer reads it as soon as it is given (ADR 0016): an answer is final
(one per request, never replaced) and concerns that company alone, so no competitor's interest
waits on the deadline, while the buyer's analysis does. Every reading is audited.
"""

import io
import tempfile
from collections.abc import Iterator
from datetime import datetime

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, ErrorCode, NotFoundError
from collectivites.models import User
from collectivites.permissions import AnyUser

from .. import crypto, seals
from ..models import (
    AnswerFile,
    Bid,
    Candidature,
    ClarificationRequest,
    NotificationKind,
    RequestKind,
    Tender,
)
from ._common import REFUSALS, now, require_on
from .bids import bid_check_files
from .notifications import notify_users


class LateAnswerError(ConflictError):
    default_code = ErrorCode.DEADLINE_PASSED


def _record(actor, action: str, tender: Tender, **details) -> None:
    audit_record(actor=actor, action=action, obj=tender, collectivite=tender.buyer, details=details)


@transaction.atomic
def clarification_request_send(
    *, actor: User, tender: Tender, company_id: int, kind: str, text: str, deadline: datetime
) -> ClarificationRequest:
    """The buyer asks one company, about a candidature or an offer it has opened."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    text = (text or "").strip()
    errors = {}
    if kind not in RequestKind.values:
        errors["kind"] = ["Type de demande inconnu."]
    if not text:
        errors["text"] = ["Obligatoire."]
    if deadline is None or deadline <= now():
        errors["deadline"] = ["La date limite de réponse doit être future."]
    if errors:
        raise ApplicationError(
            "La demande est incomplète : " + " ".join(m[0] for m in errors.values()),
            extra={"fields": errors},
        )
    opened = tender.openings.exists()
    has_bid = Bid.objects.filter(tender=tender, company_id=company_id, is_current=True).exists()
    has_candidature = Candidature.objects.filter(
        tender=tender, company_id=company_id, is_current=True
    ).exists()
    if kind == RequestKind.CLARIFY_OFFER and not (opened and has_bid):
        raise ConflictError(
            "Une demande de précisions porte sur une offre ouverte de cette entreprise "
            "(article R.2152-2)."
        )
    candidatures_due = tender.candidature_deadline and now() >= tender.candidature_deadline
    if kind == RequestKind.COMPLETE_CANDIDATURE and not (
        (has_candidature and candidatures_due) or (opened and has_bid)
    ):
        raise ConflictError(
            "Une demande de compléments porte sur une candidature reçue et examinée "
            "(article R.2144-2)."
        )
    request = ClarificationRequest.objects.create(
        tender=tender,
        company_id=company_id,
        kind=kind,
        text=text,
        deadline=deadline,
        sent_by=actor,
        sent_at=now(),
    )
    _record(
        actor,
        "tender.clarification_requested",
        tender,
        request=request.pk,
        kind=kind,
        company=company_id,
        deadline=deadline.isoformat(),
    )
    when = f"{timezone.localtime(deadline):%d/%m/%Y à %H:%M}"
    notify_users(
        users=list(User.objects.filter(company_id=company_id, is_active=True).order_by("pk")),
        tender=tender,
        kind=NotificationKind.CLARIFICATION,
        subject=f"{RequestKind(kind).label} : {tender.reference}",
        message=f"L'acheteur de « {tender.title} » vous écrit ; répondez avant le {when} "
        "par la messagerie sécurisée de la plateforme.",
    )
    return request


def _seal(upload: UploadedFile, *, row: AnswerFile, recipient) -> None:
    with tempfile.TemporaryFile() as encrypted:
        upload.seek(0)
        digest, size = crypto.encrypt_to(upload.chunks(), recipient=recipient, out=encrypted)
        encrypted.seek(0)
        row.sha256, row.size = digest, size
        row.file.save("reponse.enc", File(encrypted), save=False)


def clarification_answer(
    *, actor: User, request_id: int, text: str, files: list[UploadedFile] | None = None
) -> ClarificationRequest:
    """The company's one answer, before the deadline by the server's clock, sealed."""
    if not actor.is_authenticated or not actor.company_id:
        raise NotFoundError("Demande introuvable.")
    request = (
        ClarificationRequest.objects.select_related("tender__buyer")
        .filter(pk=request_id, company_id=actor.company_id)
        .first()
    )
    if request is None:
        raise NotFoundError("Demande introuvable.")
    moment = now()  # the moment of reception, taken once
    if moment >= request.deadline:
        raise LateAnswerError(
            "Réponse hors délai : la date limite de réponse était le "
            f"{timezone.localtime(request.deadline):%d/%m/%Y à %H:%M}.",
            extra={"code": "hors_delai"},
        )
    if request.answered_at is not None:
        raise ConflictError("Cette demande a déjà reçu sa réponse.")
    text = (text or "").strip()
    files = list(files or [])
    if not text and not files:
        raise ApplicationError(
            "Répondez par un texte ou des fichiers.", extra={"fields": {"text": ["Obligatoire."]}}
        )
    checked = bid_check_files(files=files) if files else []
    recipient = seals.public_key(tender_pk=request.tender_id, purpose=seals.MESSAGES)
    rows: list[AnswerFile] = []
    try:
        if text:
            body = SimpleUploadedFile("reponse.txt", text.encode(), "text/plain")
            row = AnswerFile(
                request=request, is_text=True, name="reponse.txt", content_type="text/plain"
            )
            _seal(body, row=row, recipient=recipient)
            rows.append(row)
        for item in checked:
            row = AnswerFile(request=request, name=item.name, content_type=item.content_type)
            _seal(item.upload, row=row, recipient=recipient)
            rows.append(row)
        return _record_answer(actor, request, rows, moment)
    except BaseException:
        for row in rows:
            row.file.storage.delete(row.file.name)
        raise


@transaction.atomic
def _record_answer(actor, request, rows, moment) -> ClarificationRequest:
    updated = ClarificationRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
        answered_at=moment,
        answered_by=actor,
        answer_receipt={
            "request": request.pk,
            "received_at": moment.isoformat(),
            "files": [{"name": r.name, "size": r.size, "sha256": r.sha256} for r in rows],
        },
    )
    if not updated:
        raise ConflictError("Cette demande a déjà reçu sa réponse.")
    AnswerFile.objects.bulk_create(rows)
    request.refresh_from_db()
    _record(None, "tender.clarification_answered", request.tender, request=request.pk)
    notify_users(
        users=[request.sent_by],
        tender=request.tender,
        kind=NotificationKind.CLARIFICATION,
        subject=f"Réponse reçue : {request.tender.reference}",
        message=f"{request.company.name} a répondu à votre demande n° {request.pk}.",
    )
    return request


def clarification_answer_read(
    *, actor: AnyUser, tender: Tender, request_id: int, file_id: int
) -> tuple[AnswerFile, Iterator[bytes]]:
    """A piece of an answer, decrypted, for the buyer once answered (audited)."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    row = (
        AnswerFile.objects.select_related("request")
        .filter(request__tender=tender, request_id=request_id, pk=file_id)
        .first()
    )
    if row is None or row.request.answered_at is None:
        raise NotFoundError("Fichier introuvable.")
    private = seals.messages_private_key(tender.pk)
    _record(actor, "tender.clarification_read", tender, request=request_id, file=row.name)

    def chunks() -> Iterator[bytes]:
        with row.file.storage.open(row.file.name, "rb") as handle:
            yield from crypto.decrypt_chunks(handle, private=private)

    return row, chunks()


def answer_text(row: AnswerFile, chunks: Iterator[bytes]) -> str:
    out = io.BytesIO()
    for chunk in chunks:
        out.write(chunk)
    return out.getvalue().decode()
