"""Later exchanges on an acknowledged act: the prefecture writes, the collectivité answers.

The simulated prefecture's agents send a simple letter, a request for additional documents, a
letter of observations or a referral to the administrative court (déféré). The collectivité
answers the first two through the platform; each answer is transmitted (an @CTES archive) and
acknowledged like the act itself.
"""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from background.queue import enqueue_on_commit
from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.models import User

from ..files import check_file
from ..models import Act, ActMessage, ActStatus, MessageDirection, MessageKind, MessageStatus
from ..models.exchange import ANSWERABLE
from ._common import OFFICERS_ONLY, require_on, today

PREFECTURE_KINDS = (
    MessageKind.SIMPLE_LETTER,
    MessageKind.ADDITIONAL_DOCUMENTS,
    MessageKind.OBSERVATIONS,
    MessageKind.REFERRAL,
)
TEXT_LIMIT = 10_000


def _text(value: object, *, required: bool) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ApplicationError("Le texte est obligatoire.", extra={"fields": {"text": ["Vide."]}})
    if len(text) > TEXT_LIMIT:
        raise ApplicationError(
            f"Au plus {TEXT_LIMIT} caractères.", extra={"fields": {"text": ["Trop long."]}}
        )
    return text


@transaction.atomic
def exchange_send(
    *, actor: User, act: Act, kind: str, text: str, file: UploadedFile | None = None
) -> ActMessage:
    """The prefecture writes about an acknowledged act."""
    require_on(actor, "send_exchange", act, "Seuls les agents de la préfecture écrivent ici.")
    if kind not in PREFECTURE_KINDS:
        raise ApplicationError(
            "Nature d'échange inconnue.", extra={"fields": {"kind": [f"Inconnue : {kind}"]}}
        )
    text = _text(text, required=True)
    checked = check_file(file, field="file", allowed=("pdf",)) if file is not None else None
    act = Act.objects.select_for_update(of=("self",)).select_related("collectivite").get(pk=act.pk)
    if act.status != ActStatus.ACKNOWLEDGED:
        raise ConflictError("Seul un acte acquitté (et non annulé) reçoit des échanges.")
    message = ActMessage(
        act=act,
        kind=kind,
        direction=MessageDirection.FROM_PREFECTURE,
        status=MessageStatus.RECEIVED,
        text=text,
        received_on=today(),
        created_by=actor,
    )
    if checked is not None:
        message.file_name = checked.name
        message.file.save(checked.name, checked.upload, save=False)
    message.save()
    audit_record(
        actor=actor,
        action="act.exchange_received",
        obj=act,
        collectivite=act.collectivite,
        details={"message": message.pk, "kind": kind},
    )
    return message


@transaction.atomic
def exchange_answer(
    *, actor: User, message: ActMessage, text: str, file: UploadedFile | None = None
) -> ActMessage:
    """The collectivité answers a simple letter or a request for additional documents."""
    from .. import tasks

    act = message.act
    require_on(actor, "manage", act, OFFICERS_ONLY)
    if message.direction != MessageDirection.FROM_PREFECTURE or message.kind not in ANSWERABLE:
        raise ConflictError(
            "Seuls un courrier simple et une demande de pièces complémentaires appellent une "
            "réponse par la plate-forme."
        )
    text = _text(text, required=file is None)
    if message.kind == MessageKind.ADDITIONAL_DOCUMENTS and file is None:
        raise ApplicationError(
            "Joignez les pièces complémentaires demandées (PDF).",
            extra={"fields": {"file": ["Obligatoire pour une demande de pièces."]}},
        )
    checked = check_file(file, field="file", allowed=("pdf",)) if file is not None else None
    ActMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if message.answers.exclude(status=MessageStatus.ERROR).exists():
        raise ConflictError("Ce courrier a déjà reçu une réponse.")
    answer = ActMessage(
        act=act,
        kind=message.kind,
        direction=MessageDirection.TO_PREFECTURE,
        in_reply_to=message,
        status=MessageStatus.WAITING,
        text=text,
        created_by=actor,
    )
    if checked is not None:
        answer.file_name = checked.name
        answer.file.save(checked.name, checked.upload, save=False)
    answer.save()
    audit_record(
        actor=actor,
        action="act.exchange_answered",
        obj=act,
        collectivite=act.collectivite,
        details={"message": answer.pk, "in_reply_to": message.pk, "kind": message.kind},
    )
    enqueue_on_commit(tasks.transmit_message, answer.pk)
    return answer
