"""Notices: read by whoever sees the consultation, sent to a journal by its buyer.

Sending is a row (``NoticeSending``) and a task (``tenders.tasks.send_notice``) that calls the
channel's connector, retried with backoff; the view only records the request. The text sent is
kept with its hash, so what the journal received can be shown later even if the consultation's
data changed since. The buyer profile is this platform: its "notice" is the consultation page,
nothing to send.
"""

import hashlib

from django.db import IntegrityError, transaction

from background.queue import enqueue_on_commit
from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User

from .. import notices
from ..models import NoticeChannel, NoticeKind, NoticeSending, NoticeStatus, Tender, TenderStatus
from ..publicity import publicity_for
from ._common import MANAGERS_ONLY, now, require_on

SENDABLE = {NoticeChannel.BOAMP, NoticeChannel.JOUE}
MAX_ATTEMPTS = 5


def _require_kind_ready(tender: Tender, kind: str) -> None:
    if kind == NoticeKind.AWARD and tender.status != TenderStatus.AWARDED:
        raise ConflictError("L'avis d'attribution s'écrit une fois la consultation attribuée.")


def notice_render(*, actor, tender: Tender, kind: str) -> str:
    """The notice's HTML for a consultation the actor sees (the caller got it visible)."""
    if kind not in NoticeKind.values:
        raise NotFoundError(f"Type d'avis inconnu : {kind}.")
    _require_kind_ready(tender, kind)
    return notices.notice_html(tender, kind)


@transaction.atomic
def notice_send(*, actor: User, tender: Tender, kind: str, channel: str) -> NoticeSending:
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    if channel not in SENDABLE:
        raise ApplicationError(
            "Le profil d'acheteur est cette plateforme : la consultation y est déjà publiée. "
            "Choisissez le BOAMP ou le JOUE.",
            extra={"fields": {"channel": ["Rien à envoyer."]}},
        )
    if kind == NoticeKind.CONTRACT and tender.status != TenderStatus.PUBLISHED:
        raise ConflictError(
            "L'avis d'appel à la concurrence s'envoie pour une consultation publiée."
        )
    _require_kind_ready(tender, kind)
    html = notices.notice_html(tender, kind)
    try:
        with transaction.atomic():
            sending = NoticeSending.objects.create(
                tender=tender,
                kind=kind,
                channel=channel,
                html=html,
                sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(),
                requested_by=actor,
                requested_at=now(),
            )
    except IntegrityError as error:
        raise ConflictError(
            "Cet avis a déjà été envoyé à ce journal (ou son envoi est en cours)."
        ) from error
    publicity = publicity_for(tender)
    audit_record(
        actor=actor,
        action="tender.notice_requested",
        obj=tender,
        collectivite=tender.buyer,
        details={
            "sending": sending.pk,
            "kind": kind,
            "channel": channel,
            "sha256": sending.sha256,
            "required": channel in publicity.channels,
        },
    )
    from ..tasks import send_notice

    enqueue_on_commit(send_notice, sending.pk)
    return sending


def notice_deliver(*, sending_id: int) -> str:
    """The task's work: send through the channel's connector, record the outcome, audit it.

    Raises ``PublicationError`` on failure so the task retries; after ``MAX_ATTEMPTS`` the
    sending is ``failed`` (and may be requested again)."""
    from ..publication import PublicationError, connector_for
    from ..publication.base import OutgoingNotice

    sending = NoticeSending.objects.select_related("tender__buyer").get(pk=sending_id)
    if sending.status == NoticeStatus.SENT:
        return sending.external_reference
    tender = sending.tender
    try:
        reference = connector_for(sending.channel).send(
            OutgoingNotice(
                sending_id=sending.pk,
                tender_id=tender.pk,
                kind=sending.kind,
                channel=sending.channel,
                html=sending.html,
                sha256=sending.sha256,
            )
        )
    except PublicationError as error:
        attempts = sending.attempts + 1
        final = attempts >= MAX_ATTEMPTS
        NoticeSending.objects.filter(pk=sending.pk).update(
            attempts=attempts,
            last_error=str(error)[:2000],
            status=NoticeStatus.FAILED if final else NoticeStatus.QUEUED,
        )
        audit_record(
            actor=None,
            action="tender.notice_failed",
            obj=tender,
            collectivite=tender.buyer,
            details={"sending": sending.pk, "attempt": attempts, "error": str(error)[:500]},
        )
        raise
    NoticeSending.objects.filter(pk=sending.pk).update(
        status=NoticeStatus.SENT,
        sent_at=now(),
        external_reference=reference[:100],
        attempts=sending.attempts + 1,
        last_error="",
    )
    audit_record(
        actor=None,
        action="tender.notice_sent",
        obj=tender,
        collectivite=tender.buyer,
        details={"sending": sending.pk, "channel": sending.channel, "reference": reference},
    )
    return reference


def notice_sendings(*, actor, tender: Tender):
    """The sendings of a consultation, for its buyers."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    return NoticeSending.objects.filter(tender=tender).order_by("-requested_at", "-id")
