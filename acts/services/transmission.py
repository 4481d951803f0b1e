"""Handing acts and messages over to the gateway: the work of the queue's tasks.

Never twice: the row is locked (``select_for_update``) and must still be ``waiting``; the
gateway is called inside the transaction that moves it to ``transmitted``, so a second run of
the task (a retry, a worker re-running a task after a crash) finds it transmitted and does
nothing. A failed hand-over is counted; the task raises so that the queue retries it with
backoff, and after ``HAND_OVER_ATTEMPTS`` runs the act is shown in error with the reason.
"""

import logging

from django.core.files import File
from django.db import transaction

from collectivites.audit import audit_record

from .. import archive as ctes
from ..gateway import GatewayError, get_gateway
from ..identifiers import act_identifier
from ..models import Act, ActMessage, ActStatus, MessageStatus
from ..models.exchange import KIND_CODES, MessageKind
from ._common import HAND_OVER_ATTEMPTS, delete_files, now, queue_retries

logger = logging.getLogger(__name__)


def _act_members(act: Act, identifier: str) -> list[ctes.Member]:
    files = list(act.files.order_by("position"))
    names = ctes.file_names(
        identifier, family=1, number=1, extensions=[row.extension for row in files]
    )
    message = ctes.act_message(
        decision_date=act.decision_date,
        number=act.number,
        nature=act.nature,
        classification_code=act.classification_code,
        object_=act.object,
        classification_date=act.classification_version.version_date,
        document_name=names[1],
        annex_names=names[2:],
    )
    members = [ctes.Member(names[0], len(message), content=message)]
    for name, row in zip(names[1:], files, strict=True):
        members.append(ctes.Member(name, row.size, storage=row.file.storage, path=row.file.name))
    return members


def _envelope(act: Act, forms: list[str], *, sequence: int) -> ctes.Member:
    sender = act.created_by
    body = ctes.envelope(
        siren=act.collectivite.siren,
        departement_code=act.collectivite.departement_code,
        sender_name=sender.display_name if sender else act.collectivite.name,
        sender_email=sender.email if sender else "",
        forms=forms,
    )
    name = ctes.envelope_name(siren=act.collectivite.siren, day=now().date(), sequence=sequence)
    return ctes.Member(name, len(body), content=body)


def build_act_archive(act: Act) -> tuple[str, str, object]:
    """(identifier, archive name, temporary file holding the tar.gz)."""
    identifier = act_identifier(
        departement_code=act.collectivite.departement_code,
        siren=act.collectivite.siren,
        decision_date=act.decision_date,
        number=act.number,
        nature=act.nature,
    )
    members = _act_members(act, identifier)
    members.insert(0, _envelope(act, [members[0].name], sequence=act.pk))
    return identifier, f"{identifier}-1-1.tar.gz", ctes.write_tar_gz(members)


def _failed(row, error: GatewayError, *, actor_label: str, act: Act) -> bool:
    """Count a failed run; True when it was the last one (the row is then in error)."""
    row.transmission_attempts += 1
    final = row.transmission_attempts >= HAND_OVER_ATTEMPTS or not queue_retries()
    fields = ["transmission_attempts"]
    if final:
        row.status, row.error_reason = "error", str(error) or "Échec de la transmission."
        fields += ["status", "error_reason"]
    row.save(update_fields=fields)
    audit_record(
        actor=None,
        action=f"{actor_label}.hand_over_failed",
        obj=act,
        collectivite=act.collectivite,
        details={"attempt": row.transmission_attempts, "reason": str(error), "final": final},
    )
    return final


def act_hand_over(act_id: int) -> None:
    failure: GatewayError | None = None
    with transaction.atomic():
        act = (
            Act.objects.select_for_update(of=("self",))
            .select_related("collectivite", "classification_version", "created_by")
            .filter(pk=act_id)
            .first()
        )
        if act is None or act.status != ActStatus.WAITING:
            return  # handed over already (or cancelled): nothing to do, twice or not
        identifier, name, tar = build_act_archive(act)
        with tar:
            act.archive.save(name, File(tar, name=name), save=False)
        try:
            with act.archive.open("rb") as handle:
                get_gateway().send_act(act=act, archive_name=name, archive=handle)
        except GatewayError as error:
            delete_files(act.archive)
            act.archive = ""
            act.save(update_fields=["archive"])
            if not _failed(act, error, actor_label="act", act=act):
                failure = error
        else:
            act.identifier, act.status, act.transmitted_at = (
                identifier,
                ActStatus.TRANSMITTED,
                now(),
            )
            act.save(update_fields=["identifier", "status", "transmitted_at", "archive"])
            audit_record(
                actor=None,
                action="act.transmitted",
                obj=act,
                collectivite=act.collectivite,
                details={"identifier": identifier, "archive": name},
            )
    if failure is not None:
        raise failure  # the queue retries with backoff


def build_message_archive(message: ActMessage) -> tuple[str, object]:
    act = message.act
    family = KIND_CODES[MessageKind(message.kind)]
    # The collectivité's answer or its cancellation: the second (or sixth) family, message 2.
    number = 1 if message.kind == MessageKind.CANCELLATION else 2
    extensions = ["pdf"] if message.file else []
    names = ctes.file_names(act.identifier, family=family, number=number, extensions=extensions)
    tag = "Annulation" if message.kind == MessageKind.CANCELLATION else "Reponse"
    body = ctes.simple_message(
        tag=tag, identifier=act.identifier, text=message.text, attachments=names[1:]
    )
    members = [ctes.Member(names[0], len(body), content=body)]
    if message.file:
        members.append(
            ctes.Member(
                names[1],
                message.file.size,
                storage=message.file.storage,
                path=message.file.name,
            )
        )
    members.insert(0, _envelope(act, [names[0]], sequence=message.pk))
    name = f"{act.identifier}-{family}-{number}.tar.gz"
    return name, ctes.write_tar_gz(members)


def message_hand_over(message_id: int) -> None:
    failure: GatewayError | None = None
    with transaction.atomic():
        message = (
            ActMessage.objects.select_for_update(of=("self",))
            .select_related("act__collectivite", "act__created_by")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.status != MessageStatus.WAITING:
            return
        name, tar = build_message_archive(message)
        with tar:
            message.archive.save(name, File(tar, name=name), save=False)
        try:
            with message.archive.open("rb") as handle:
                get_gateway().send_message(message=message, archive_name=name, archive=handle)
        except GatewayError as error:
            delete_files(message.archive)
            message.archive = ""
            message.save(update_fields=["archive"])
            if not _failed(message, error, actor_label="act.message", act=message.act):
                failure = error
        else:
            message.status, message.transmitted_at = MessageStatus.TRANSMITTED, now()
            message.save(update_fields=["status", "transmitted_at", "archive"])
            audit_record(
                actor=None,
                action="act.message_transmitted",
                obj=message.act,
                collectivite=message.act.collectivite,
                details={"message": message.pk, "kind": message.kind},
            )
    if failure is not None:
        raise failure
