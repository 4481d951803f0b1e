"""The opening session's deposits, replaced bids, and late attempts (registre des dépôts).

R.2151-6: "Si plusieurs offres sont successivement transmises par un même soumissionnaire,
seule est ouverte la dernière offre reçue par l'acheteur dans le délai fixé pour la remise des
offres." The opening session therefore opens the current bid of each company (and lot) only.
The Conseil d'État (20 December 2021, Société TDS, n° 454801) held that a later transmission is
not necessarily a whole new offer (a lone missing piece sent afterwards): the buyer must then
be able to look at the earlier one too. That is ``bid_open_earlier``: explicit, with a reason,
one deposit at a time, recorded and audited.
"""

from django.db import IntegrityError, transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User

from ..models import (
    Bid,
    BidOpening,
    DepositKind,
    EarlierBidOpening,
    OpenedDeposit,
    RefusedDeposit,
    Tender,
    TenderStatus,
)
from ._common import REFUSALS, now, require_on

EARLIER_BID_REFUSAL = (
    "Ce pli a été remplacé par un dépôt plus récent de la même entreprise : seule la dernière "
    "offre reçue dans le délai est ouverte (article R.2151-6 du code de la commande publique). "
    "Pour l'ouvrir aussi, ouvrez-le explicitement en indiquant le motif."
)


def opening_record_deposits(*, opening: BidOpening) -> int:
    """Which deposits this opening session opens: the last one of each company and lot."""
    current = Bid.objects.filter(tender_id=opening.tender_id, is_current=True)
    OpenedDeposit.objects.bulk_create(
        [OpenedDeposit(opening=opening, bid=bid) for bid in current.only("pk")]
    )
    return current.count()


def bid_is_opened(bid: Bid) -> bool:
    """A current bid once the tender was opened; a replaced one only when opened explicitly."""
    return bid.is_current or EarlierBidOpening.objects.filter(bid=bid).exists()


@transaction.atomic
def bid_open_earlier(*, actor: User, tender: Tender, bid_id: int, reason: str) -> EarlierBidOpening:
    """Open a replaced deposit as well, for a reason the buyer gives (audited)."""
    require_on(actor, "open_bids", tender, REFUSALS["open_bids"])
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "Indiquez pourquoi ce pli remplacé doit être ouvert.",
            extra={"fields": {"reason": ["Obligatoire."]}},
        )
    if not tender.openings.exists():
        raise ConflictError("Les plis n'ont pas encore été ouverts : ouvrez la séance d'abord.")
    bid = Bid.objects.filter(tender=tender, pk=bid_id).first()
    if bid is None:
        raise NotFoundError("Pli introuvable.")
    if bid.is_current:
        raise ConflictError("Ce pli est le dernier de l'entreprise : il est déjà ouvert.")
    try:
        with transaction.atomic():
            opening = EarlierBidOpening.objects.create(
                bid=bid, opened_by=actor, opened_at=now(), reason=reason
            )
    except IntegrityError as error:
        raise ConflictError("Ce pli remplacé a déjà été ouvert.") from error
    audit_record(
        actor=actor,
        action="tender.earlier_bid_opened",
        obj=tender,
        collectivite=tender.buyer,
        details={"bid": bid.pk, "superseded_by": bid.superseded_by_id, "reason": reason},
    )
    return opening


def refused_deposit_record(
    *, actor: User, tender: Tender, kind: str, files: list, moment
) -> RefusedDeposit:
    """Keep the fact of a late deposit (who, when, the names and sizes it announced) for the
    registre des dépôts; its content was never stored."""
    listed = [
        {"name": getattr(item, "name", "") or "", "size": getattr(item, "size", 0) or 0}
        for item in files
    ]
    return RefusedDeposit.objects.create(
        tender=tender,
        kind=kind,
        company_id=getattr(actor, "company_id", None),
        attempted_by=actor if getattr(actor, "pk", None) else None,
        attempted_at=moment,
        files=listed,
        total_size=sum(item["size"] for item in listed),
    )


def tender_can_end_without_opening(tender: Tender) -> bool:
    """Nothing to open: no offer was received at all, so the session would open nothing."""
    return tender.status == TenderStatus.CLOSED and not Bid.objects.filter(tender=tender).exists()


__all__ = [
    "EARLIER_BID_REFUSAL",
    "DepositKind",
    "bid_is_opened",
    "bid_open_earlier",
    "opening_record_deposits",
    "refused_deposit_record",
    "tender_can_end_without_opening",
]
