"""The standstill (délai de suspension) between the rejection letters and the signature.

R.2182-1: for a formalised procedure, at least eleven days between the sending of the rejection
letters (R.2181-1, R.2181-3) and the signature of the contract by the buyer; sixteen when a
letter did not go electronically. Counted from date to date, the day of sending included: a
letter sent on the 1st lets the buyer sign on the 12th (16 days: on the 17th), whatever the
hour (the DAJ's reading, the Conseil d'État's of 2 August 2011 on the former article 80).

R.2182-2: no standstill when the contract goes to the only operator who took part (1°) — and
none for subsequent contracts of a framework agreement (2°), which the tender room does not run.
A MAPA has no standstill either: R.2182-1 names formalised procedures only.

The platform knows the bidders of the consultation (current bids, on the award's lot or on the
whole tender); every one that is not a titulaire must have been sent its letter before the
count can start.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from collectivites.errors import ApplicationError
from collectivites.models import Company

from ..models import Award, Bid, Procedure

FORMALISED = frozenset(
    {
        Procedure.OPEN,
        Procedure.RESTRICTED,
        Procedure.NEGOTIATED,
        Procedure.COMPETITIVE_DIALOGUE,
    }
)
ELECTRONIC_DAYS = 11
OTHER_DAYS = 16


def is_formalised(award: Award) -> bool:
    return award.tender.procedure in FORMALISED


def bidders(award: Award) -> list[Company]:
    """The companies with a current bid on the award's lot (or on the whole tender)."""
    bids = Bid.objects.filter(tender_id=award.tender_id, is_current=True)
    if award.lot_id is not None:
        bids = bids.filter(Q(lot_id=award.lot_id) | Q(lot__isnull=True))
    ids = bids.values("company_id")
    return list(Company.objects.filter(pk__in=ids).order_by("name", "pk"))


def rejected_bidders(award: Award) -> list[Company]:
    """The bidders that are not titulaires of the award: each is owed a rejection letter."""
    titulaires = set(award.companies.values_list("company_id", flat=True))
    return [company for company in bidders(award) if company.pk not in titulaires]


@dataclass(frozen=True)
class Standstill:
    applies: bool
    rule: str  # the article that decides, for the message and the UI
    explanation: str
    signable_from: date | None = None  # the first day the buyer may sign
    missing: list[str] = field(default_factory=list)  # bidders still without a letter


def standstill(award: Award) -> Standstill:
    """Where the award stands: whether a standstill applies, and from when it may be signed."""
    if not is_formalised(award):
        return Standstill(
            False,
            "R.2182-1",
            "Procédure adaptée ou sans publicité : pas de délai de suspension (l'article "
            "R.2182-1 ne vise que les procédures formalisées).",
        )
    letters = list(award.rejection_letters.all())
    others = rejected_bidders(award)
    if not others and not letters:
        return Standstill(
            False,
            "R.2182-2",
            "Marché attribué au seul opérateur ayant participé à la consultation : pas de délai "
            "de suspension (R.2182-2, 1°).",
        )
    sent = {letter.company_id for letter in letters}
    missing = [company.name for company in others if company.pk not in sent]
    if missing or not letters:
        return Standstill(
            True,
            "R.2182-1",
            "Le délai de suspension court à partir de l'envoi des lettres de rejet à tous les "
            "soumissionnaires écartés (R.2181-1, R.2181-3).",
            missing=missing,
        )
    signable_from = max(
        timezone.localdate(letter.sent_at)
        + timedelta(days=ELECTRONIC_DAYS if letter.electronic else OTHER_DAYS)
        for letter in letters
    )
    return Standstill(
        True,
        "R.2182-1",
        f"Délai de suspension de {ELECTRONIC_DAYS} jours après l'envoi électronique des lettres "
        f"de rejet ({OTHER_DAYS} jours pour un envoi papier) : signature possible à partir du "
        f"{signable_from:%d/%m/%Y}.",
        signable_from=signable_from,
    )


def signable_from_after(sent_on: date, *, electronic: bool) -> date:
    return sent_on + timedelta(days=ELECTRONIC_DAYS if electronic else OTHER_DAYS)


def require_signable(award: Award, *, on: date) -> Standstill:
    """Refuse (400, naming R.2182-1) a signature on ``on`` that the standstill forbids."""
    state = standstill(award)
    if not state.applies:
        return state
    if state.missing or state.signable_from is None:
        names = ", ".join(state.missing)
        raise ApplicationError(
            "Délai de suspension (R.2182-1) : les lettres de rejet n'ont pas été envoyées à "
            f"tous les soumissionnaires écartés ({names}) ; le délai ne court pas encore.",
            extra={"rule": "R.2182-1", "missing": state.missing},
        )
    if on < state.signable_from:
        raise ApplicationError(
            f"Délai de suspension (R.2182-1) : le marché ne peut pas être signé avant le "
            f"{state.signable_from:%d/%m/%Y} ({ELECTRONIC_DAYS} jours après l'envoi électronique "
            f"des lettres de rejet, {OTHER_DAYS} jours pour un envoi papier).",
            extra={
                "rule": "R.2182-1",
                "signable_from": state.signable_from.isoformat(),
                "fields": {"signed_on": ["Pendant le délai de suspension."]},
            },
        )
    return state
