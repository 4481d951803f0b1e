"""Answers from the other end, recorded idempotently (a connector may deliver one twice).

Called by the gateway's connector (the simulated one through tasks), never by a user: the actor
in the audit log is the system.
"""

from datetime import date

from defusedxml import ElementTree as SafeElementTree
from django.core.files.base import ContentFile
from django.db import transaction

from collectivites.audit import audit_record

from ..archive import NS_ACTES
from ..models import AccountingFile, AccountingFileStatus, Act, ActMessage, ActStatus, MessageStatus
from ..models.exchange import MessageKind
from ._common import now


def read_ar_acte(content: bytes) -> tuple[str, date]:
    """(IDActe, DateReception) of an ``ARActe``."""
    root = SafeElementTree.fromstring(content)
    if root.tag != f"{{{NS_ACTES}}}ARActe":
        raise ValueError("not an ARActe")
    return (
        root.get(f"{{{NS_ACTES}}}IDActe", ""),
        date.fromisoformat(root.get(f"{{{NS_ACTES}}}DateReception", "")),
    )


@transaction.atomic
def act_acknowledged(*, act_id: int, ar_acte: bytes) -> None:
    identifier, received_on = read_ar_acte(ar_acte)
    act = Act.objects.select_for_update(of=("self",)).select_related("collectivite").get(pk=act_id)
    if act.status != ActStatus.TRANSMITTED or identifier != act.identifier:
        return
    act.acknowledgement.save(f"{identifier}-1-2_0.xml", ContentFile(ar_acte), save=False)
    act.status, act.received_on, act.acknowledged_at = ActStatus.ACKNOWLEDGED, received_on, now()
    act.save(update_fields=["acknowledgement", "status", "received_on", "acknowledged_at"])
    audit_record(
        actor=None,
        action="act.acknowledged",
        obj=act,
        collectivite=act.collectivite,
        details={"identifier": identifier, "received_on": received_on.isoformat()},
    )


@transaction.atomic
def act_refused(*, act_id: int, reason: str) -> None:
    """An anomaly: the prefecture could not accept the archive (the act may be sent again)."""
    act = Act.objects.select_for_update(of=("self",)).select_related("collectivite").get(pk=act_id)
    if act.status != ActStatus.TRANSMITTED:
        return
    act.status, act.error_reason = ActStatus.ERROR, reason
    act.save(update_fields=["status", "error_reason"])
    audit_record(
        actor=None,
        action="act.anomaly",
        obj=act,
        collectivite=act.collectivite,
        details={"reason": reason},
    )


@transaction.atomic
def message_acknowledged(*, message_id: int, received_on: date) -> None:
    message = (
        ActMessage.objects.select_for_update(of=("self",))
        .select_related("act__collectivite")
        .get(pk=message_id)
    )
    if message.status != MessageStatus.TRANSMITTED:
        return
    message.status, message.received_on, message.acknowledged_at = (
        MessageStatus.ACKNOWLEDGED,
        received_on,
        now(),
    )
    message.save(update_fields=["status", "received_on", "acknowledged_at"])
    act = message.act
    audit_record(
        actor=None,
        action="act.message_acknowledged",
        obj=act,
        collectivite=act.collectivite,
        details={"message": message.pk, "kind": message.kind, "received_on": str(received_on)},
    )
    if message.kind == MessageKind.CANCELLATION:
        act = Act.objects.select_for_update(of=("self",)).get(pk=act.pk)
        act.status, act.cancelled_at = ActStatus.CANCELLED, now()
        act.save(update_fields=["status", "cancelled_at"])
        audit_record(actor=None, action="act.cancelled", obj=act, collectivite=act.collectivite)


@transaction.atomic
def message_refused(*, message_id: int, reason: str) -> None:
    message = (
        ActMessage.objects.select_for_update(of=("self",))
        .select_related("act__collectivite")
        .get(pk=message_id)
    )
    if message.status != MessageStatus.TRANSMITTED:
        return
    message.status, message.error_reason = MessageStatus.ERROR, reason
    message.save(update_fields=["status", "error_reason"])
    if message.kind == MessageKind.CANCELLATION:
        Act.objects.filter(pk=message.act_id).update(cancellation_requested_at=None)
    audit_record(
        actor=None,
        action="act.message_anomaly",
        obj=message.act,
        collectivite=message.act.collectivite,
        details={"message": message.pk, "reason": reason},
    )


def read_pes_acquit(content: bytes) -> tuple[bool, str]:
    """(accepted, the refusal reasons) from a PES_ACQUIT: accepted when every ``EtatAck`` is 1."""
    root = SafeElementTree.fromstring(content)
    states = [node.get("V") for node in root.iter("EtatAck")]
    reasons = [node.get("V") or "" for node in root.iter("LibelleAnoAck")]
    accepted = bool(states) and all(state == "1" for state in states)
    return accepted, " ; ".join(reason for reason in reasons if reason)


@transaction.atomic
def accounting_file_answered(*, file_id: int, ack: bytes) -> None:
    row = (
        AccountingFile.objects.select_for_update(of=("self",))
        .select_related("collectivite")
        .get(pk=file_id)
    )
    if row.status != AccountingFileStatus.TRANSMITTED:
        return
    accepted, reasons = read_pes_acquit(ack)
    row.acknowledgement.save(f"PES_ACQUIT-{row.pk}.xml", ContentFile(ack), save=False)
    row.acknowledged_at = now()
    if accepted:
        row.status = AccountingFileStatus.ACKNOWLEDGED
    else:
        row.status = AccountingFileStatus.REFUSED
        row.refusal_reason = reasons or "Refusé par le comptable (motif non précisé)."
    row.save(update_fields=["acknowledgement", "acknowledged_at", "status", "refusal_reason"])
    audit_record(
        actor=None,
        action=f"accounting_file.{'acknowledged' if accepted else 'refused'}",
        obj=row,
        collectivite=row.collectivite,
        details={"reason": row.refusal_reason} if not accepted else {},
    )
