"""DECP v2.0.3: the données essentielles of every awarded contract, one ``marche`` per award.

Published: awards of public tenders with a notification date (the data is due once the contract
is notified), an amount of at least 1 € and a CPV code (the format requires all three).

Where each field comes from:

* ``id``: the tender's reference, with ``-L<n>`` for a lot, when it fits the format's 16
  characters; otherwise ``EP`` and the award's number. Unique per buyer either way.
* ``acheteur.id``: the coordinator's SIRET derived from its SIREN (``identifiers.py``).
* ``objet``: the tender's title (and the lot's); ``codeCPV``: the lot's code, else the tender's
  first; ``procedure``: the DECP label of the procedure (the model uses the DECP list).
* ``lieuExecution``: the buyer's département (``Code département``): the place of performance is
  free text in the tender, the département is the precision the platform knows for sure.
* ``dateNotification``: the award's notification date; ``datePublicationDonnees``: the day the
  award was recorded, which is when this endpoint first published it.
* ``offresRecues``: current electronic bids on the lot (bids without a lot count for every lot),
  at least 1: offers received on paper are not known to the platform, and an award implies one.
* ``titulaires``: the awarded companies' SIRETs.

The tender room does not record yet the duration, price form and type, CCAG, purchase technique,
execution terms, advance, subcontracting, social and environmental considerations. The format
requires them: ``DEFAULTS`` gives them the format's neutral values ("Sans objet", "Pas de…") and
the commonest ones otherwise (12 months, "Forfaitaire", "Définitif ferme", CCAG by nature). They
are to be captured with the award.
"""

from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tenders.models import Award, Bid, Nature, Procedure, TenderStatus

from .identifiers import derived_siret

DEFAULTS: dict[str, Any] = {
    "nature": "Marché",
    "techniques": {"technique": ["Sans objet"]},
    "modalitesExecution": {"modaliteExecution": ["Sans objet"]},
    "marcheInnovant": False,
    "attributionAvance": False,
    "sousTraitanceDeclaree": False,
    "dureeMois": 12,
    "formePrix": "Forfaitaire",
    "typesPrix": {"typePrix": ["Définitif ferme"]},
    "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
    "considerationsEnvironnementales": {
        "considerationEnvironnementale": ["Pas de considération environnementale"]
    },
}
CCAG = {
    Nature.WORKS: "Travaux",
    Nature.SUPPLIES: "Fournitures courantes et services",
    Nature.SERVICES: "Fournitures courantes et services",
}
PROCEDURE = {value: str(label) for value, label in Procedure.choices}
MAX_ID = 16


def _bid_count(extra: Q) -> Subquery:
    bids = (
        Bid.objects.filter(Q(tender=OuterRef("tender")) & Q(is_current=True) & extra)
        .values("tender")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(bids), 0)


def queryset(*, year: int | None = None) -> QuerySet[Award]:
    """Publishable awards, in a fixed number of queries (2)."""
    # An awarded tender was published: it is public, no visibility filter is needed.
    awards = Award.objects.filter(
        tender__status=TenderStatus.AWARDED, notification_date__isnull=False, amount__gte=1
    )
    if year is not None:
        awards = awards.filter(notification_date__year=year)
    return (
        awards.select_related("tender__buyer", "lot")
        .annotate(
            lot_bids=_bid_count(Q(lot=OuterRef("lot")) | Q(lot__isnull=True)),
            tender_bids=_bid_count(Q()),
            lot_number=F("lot__number"),
        )
        .prefetch_related("companies")
        .order_by("notification_date", "id")
    )


def _id(award: Award) -> str:
    reference = award.tender.reference
    candidate = f"{reference}-L{award.lot.number}" if award.lot else reference
    return candidate if len(candidate) <= MAX_ID else f"EP{award.pk}"


def _cpv(award: Award) -> str | None:
    if award.lot and award.lot.cpv_code:
        return award.lot.cpv_code
    return award.tender.cpv_codes[0] if award.tender.cpv_codes else None


def marche(award: Award) -> dict[str, Any] | None:
    """The données essentielles of one award, or None when the format cannot express it."""
    tender = award.tender
    cpv = _cpv(award)
    companies = list(award.companies.all())
    if cpv is None or not companies:
        return None
    objet = (
        f"{tender.title} — Lot {award.lot.number} : {award.lot.title}"
        if award.lot
        else tender.title
    )
    bids = award.lot_bids if award.lot else award.tender_bids
    return {
        "id": _id(award),
        "acheteur": {"id": derived_siret(tender.buyer.siren)},
        **DEFAULTS,
        "objet": objet[:1000],
        "codeCPV": cpv,
        "ccag": CCAG[tender.nature],
        "offresRecues": max(bids, 1),
        # Several titulaires form a groupement; whether joint or several is not recorded.
        "typeGroupementOperateurs": "Pas de groupement" if len(companies) == 1 else "Conjoint",
        "procedure": PROCEDURE[tender.procedure],
        "lieuExecution": {"code": tender.buyer.departement_code, "typeCode": "Code département"},
        "dateNotification": award.notification_date.isoformat(),
        "datePublicationDonnees": timezone.localdate(award.created_at).isoformat(),
        "montant": float(award.amount),
        "titulaires": [
            {"titulaire": {"typeIdentifiant": "SIRET", "id": company.siret}}
            for company in companies
        ],
    }


def document(awards: QuerySet[Award]) -> dict[str, Any]:
    """The DECP JSON document: ``{"marches": {"marche": [...]}}``."""
    marches = [entry for award in awards if (entry := marche(award)) is not None]
    return {"marches": {"marche": marches}}
