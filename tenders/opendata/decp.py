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
* ``dateNotification``: the award's notification date, the day its titulaire received the
  contract (R.2182-4), recorded by the notification step (``services/award_notification.py``);
  never given with the award, never in the future. ``datePublicationDonnees``: the day that
  notification was recorded, which is when this endpoint first published the contract (the day
  the award was recorded, for awards notified before the platform had a notification step).
* ``modifications``: the contract's modifications (avenants), in order, each with its new
  amount and/or duration, its notification date and the day it was published; left out while
  there is none (the format wants at least one item).
* ``offresRecues``: current electronic bids on the lot (bids without a lot count for every lot),
  at least 1: offers received on paper are not known to the platform, and an award implies one.
* ``titulaires``: the awarded companies' SIRETs.
* ``nature``: always "Marché": the tender room runs public procurement contracts only (neither
  partnership contracts nor defence ones).
* The contract data, as the buyer recorded them with the award (``Award``; the values are the
  format's own labels, see ``tenders/models/contract.py``): ``dureeMois`` (``duration_months``),
  ``formePrix`` (``price_form``), ``typesPrix`` (``price_types``), ``ccag``, ``techniques``,
  ``modalitesExecution`` (``execution_terms``), ``marcheInnovant`` (``innovative``),
  ``sousTraitanceDeclaree`` (``subcontracting_declared``), ``attributionAvance``
  (``advance_granted``), ``considerationsSociales`` and ``considerationsEnvironnementales``
  (``social_considerations``, ``environmental_considerations``), ``typeGroupementOperateurs``
  (``grouping_type``). ``tauxAvance`` (``advance_rate``) is optional in the format: published
  with an advance, left out without one.

Awards without contract data are left out. They were recorded before the platform asked for
these data (the award service requires them since): the format requires every one of them, and
any value filled in for them would be a guess published as a fact. Their amounts, dates and
titulaires stay public in the API and the OCDS data, and the endpoint gives their number in its
``X-Awards-Without-Contract-Data`` header so a reuser knows the document is short of them.
"""

from datetime import date
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from tenders.models import Award, Bid, ContractModification, Procedure, TenderStatus

from .identifiers import derived_siret

NATURE = "Marché"
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


def _notified(year: int | None) -> QuerySet[Award]:
    # An awarded tender was published: it is public, no visibility filter is needed.
    awards = Award.objects.filter(
        tender__status=TenderStatus.AWARDED,
        notification_date__isnull=False,
        notification_date__lte=timezone.localdate(),
        amount__gte=1,
    )
    return awards if year is None else awards.filter(notification_date__year=year)


def without_contract_data(*, year: int | None = None) -> int:
    """Notified awards left out because their contract data were never recorded (one query)."""
    return _notified(year).filter(duration_months__isnull=True).count()


def queryset(*, year: int | None = None) -> QuerySet[Award]:
    """Publishable awards, in a fixed number of queries (3)."""
    awards = _notified(year).filter(duration_months__isnull=False)
    return (
        awards.select_related("tender__buyer", "lot", "notification")
        .annotate(
            lot_bids=_bid_count(Q(lot=OuterRef("lot")) | Q(lot__isnull=True)),
            tender_bids=_bid_count(Q()),
            lot_number=F("lot__number"),
        )
        .prefetch_related("companies", "modifications")
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
    if cpv is None or not companies or not award.has_contract_data:
        return None
    objet = (
        f"{tender.title} — Lot {award.lot.number} : {award.lot.title}"
        if award.lot
        else tender.title
    )
    bids = award.lot_bids if award.lot else award.tender_bids
    entry = {
        "id": _id(award),
        "acheteur": {"id": derived_siret(tender.buyer.siren)},
        "nature": NATURE,
        "objet": objet[:1000],
        "codeCPV": cpv,
        "techniques": {"technique": award.techniques},
        "modalitesExecution": {"modaliteExecution": award.execution_terms},
        "marcheInnovant": award.innovative,
        "ccag": award.ccag,
        "offresRecues": max(bids, 1),
        "attributionAvance": award.advance_granted,
        "typeGroupementOperateurs": award.grouping_type,
        "procedure": PROCEDURE[tender.procedure],
        "lieuExecution": {"code": tender.buyer.departement_code, "typeCode": "Code département"},
        "dureeMois": award.duration_months,
        "dateNotification": award.notification_date.isoformat(),
        "datePublicationDonnees": _published_on(award).isoformat(),
        "montant": float(award.amount),
        "formePrix": award.price_form,
        "typesPrix": {"typePrix": award.price_types},
        "sousTraitanceDeclaree": award.subcontracting_declared,
        "titulaires": [
            {"titulaire": {"typeIdentifiant": "SIRET", "id": company.siret}}
            for company in companies
        ],
        "considerationsSociales": {"considerationSociale": award.social_considerations},
        "considerationsEnvironnementales": {
            "considerationEnvironnementale": award.environmental_considerations
        },
    }
    if award.advance_granted:
        entry["tauxAvance"] = float(award.advance_rate)
    modifications = [_modification(row) for row in award.modifications.all()]
    if modifications:
        entry["modifications"] = modifications
    return entry


def _published_on(award: Award) -> date:
    notification = getattr(award, "notification", None)
    if notification is not None and notification.completed_at is not None:
        return timezone.localdate(notification.completed_at)
    return timezone.localdate(award.created_at)


def _modification(row: ContractModification) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": row.number,
        "dateNotificationModification": row.notified_on.isoformat(),
        "datePublicationDonneesModification": row.published_on.isoformat(),
    }
    if row.duration_months is not None:
        item["dureeMois"] = row.duration_months
    if row.amount is not None:
        item["montant"] = float(row.amount)
    return {"modification": item}


def document(awards: QuerySet[Award]) -> dict[str, Any]:
    """The DECP JSON document: ``{"marches": {"marche": [...]}}``."""
    marches = [entry for award in awards if (entry := marche(award)) is not None]
    return {"marches": {"marche": marches}}
