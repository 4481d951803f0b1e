"""Backup copies (copies de sauvegarde, R.2132-11 and the arrêté of 22 March 2019).

A company may send, before the deadline, a backup copy of its bid: a deposit of its own
(``Bid.is_backup``), sealed like a bid, never examined as the bid. The buyer opens it only when
a malicious program is found in the electronic bid, or when the electronic bid was not received
in time or could not be opened — an explicit act with its ground and justification, audited;
otherwise it stays sealed (the law has it destroyed).
"""

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User

from ..models import BackupOpening, BackupOpeningGround, Bid, Tender
from ._common import REFUSALS, now, require_on
from .bids import bid_require_readable


def backup_list(*, actor, tender: Tender) -> QuerySet[Bid]:
    """A tender's backup copies, for its buyers once the bids are opened (not their content)."""
    bid_require_readable(actor=actor, tender=tender)
    return (
        Bid.objects.filter(tender=tender, is_backup=True)
        .select_related("company", "lot", "backup_opening")
        .order_by("submitted_at", "id")
    )


@transaction.atomic
def backup_open(
    *, actor: User, tender: Tender, backup_id: int, ground: str, reason: str
) -> BackupOpening:
    require_on(actor, "open_bids", tender, REFUSALS["open_bids"])
    bid_require_readable(actor=actor, tender=tender)
    backup = Bid.objects.filter(tender=tender, is_backup=True, pk=backup_id).first()
    if backup is None:
        raise NotFoundError("Copie de sauvegarde introuvable.")
    if ground not in BackupOpeningGround.values:
        raise ApplicationError(
            "La copie de sauvegarde ne s'ouvre que pour un programme malveillant détecté, un pli "
            "non reçu dans les délais ou un pli impossible à ouvrir (article R.2132-11).",
            extra={"rule": "R.2132-11", "fields": {"ground": ["Motif non prévu."]}},
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Justifiez l'ouverture de la copie de sauvegarde.",
            extra={"rule": "R.2132-11", "fields": {"reason": ["Obligatoire."]}},
        )
    if (
        ground == BackupOpeningGround.NOT_RECEIVED
        and Bid.objects.filter(
            tender=tender, company_id=backup.company_id, lot=backup.lot, is_backup=False
        ).exists()
    ):
        raise ConflictError(
            "Un pli électronique de cette entreprise a été reçu dans les délais : le motif "
            "« pli non reçu » ne s'applique pas.",
            extra={"rule": "R.2132-11", "fields": {"ground": ["Pli reçu."]}},
        )
    try:
        with transaction.atomic():
            opening = BackupOpening.objects.create(
                backup=backup, ground=ground, reason=reason, opened_by=actor, opened_at=now()
            )
    except IntegrityError as error:
        raise ConflictError("Cette copie de sauvegarde est déjà ouverte.") from error
    audit_record(
        actor=actor,
        action="tender.backup_opened",
        obj=tender,
        collectivite=tender.buyer,
        details={
            "backup": backup.pk,
            "company": backup.company_id,
            "ground": ground,
            "reason": reason,
        },
    )
    return opening
