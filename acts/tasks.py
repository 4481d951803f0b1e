"""Tasks of the transmission operator: hand-overs (retried with backoff) and the simulated
other end's answers (scheduled a few seconds after the hand-over)."""

from django.utils import timezone

from background.queue import task

from .gateway.simulated import (
    AnomalyError,
    ar_acte,
    check_act_archive,
    check_message_archive,
    treasury_answer,
)
from .services import _common, receipts, transmission
from .services.accounting import accounting_file_hand_over
from .services.classification import classification_current

RETRY = {
    "attempts": _common.HAND_OVER_ATTEMPTS,
    "backoff_seconds": _common.HAND_OVER_BACKOFF_SECONDS,
}


@task(**RETRY)
def transmit_act(act_id: int) -> None:
    transmission.act_hand_over(act_id)


@task(**RETRY)
def transmit_message(message_id: int) -> None:
    transmission.message_hand_over(message_id)


@task(**RETRY)
def transmit_accounting_file(file_id: int) -> None:
    accounting_file_hand_over(file_id)


# --- The simulated prefecture and Treasury (acts.gateway.simulated) ----------------------------


@task(attempts=3, backoff_seconds=10)
def simulated_prefecture_act(act_id: int) -> None:
    from .models import Act

    act = Act.objects.filter(pk=act_id).first()
    if act is None or not act.archive:
        return
    received_on = timezone.localdate()
    try:
        with act.archive.open("rb") as handle:
            identifier, acte = check_act_archive(handle, received_on=received_on)
    except AnomalyError as anomaly:
        receipts.act_refused(act_id=act_id, reason=str(anomaly))
        return
    current = classification_current()
    receipts.act_acknowledged(
        act_id=act_id,
        ar_acte=ar_acte(
            identifier=identifier,
            acte=acte,
            received_on=received_on,
            current_version=current.version_date,
        ),
    )


@task(attempts=3, backoff_seconds=10)
def simulated_prefecture_message(message_id: int) -> None:
    from .models import ActMessage

    message = ActMessage.objects.filter(pk=message_id).first()
    if message is None or not message.archive:
        return
    try:
        with message.archive.open("rb") as handle:
            check_message_archive(handle)
    except AnomalyError as anomaly:
        receipts.message_refused(message_id=message_id, reason=str(anomaly))
        return
    receipts.message_acknowledged(message_id=message_id, received_on=timezone.localdate())


@task(attempts=3, backoff_seconds=10)
def simulated_treasury(file_id: int) -> None:
    from .models import AccountingFile

    row = AccountingFile.objects.select_related("collectivite").filter(pk=file_id).first()
    if row is None:
        return
    with row.file.open("rb") as handle:
        ack = treasury_answer(handle, siren=row.collectivite.siren)
    receipts.accounting_file_answered(file_id=file_id, ack=ack)
