"""The analysis grid: criteria fixed before publication, scores of the opened offers, ranking.

R.2152-11: the award criteria and their terms are given in the consultation documents;
R.2152-12: in a formalised procedure they are weighted. Here every criterion has a weight and
the weights of a scope (the whole tender, or one lot) add up to 100: set while the consultation
is a draft, frozen once it is public (a change would alter the competition itself).

Only opened offers are scored (the bids of an opened consultation, each company's current one),
by the buyer's office (the rule ``read_bids``, which superusers do not pass). A score is out of
10 per criterion; the weighted total is out of 100 and ranks the offers. Once a scope is awarded
its grid is frozen too: the rejection letters quote it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError, NotFoundError
from collectivites.models import User
from collectivites.permissions import AnyUser

from ..models import Bid, Criterion, Lot, OfferScore, Tender, TenderStatus
from ..models.analysis import MAX_SCORE, TOTAL_WEIGHT
from ._common import MANAGERS_ONLY, REFUSALS, now, require_on

OPENED = {TenderStatus.OPENED, TenderStatus.AWARDED}


def _error(message: str, field_name: str, rule: str | None = None) -> ApplicationError:
    extra: dict[str, Any] = {"fields": {field_name: [message]}}
    if rule:
        extra["rule"] = rule
    return ApplicationError(message, extra=extra)


@transaction.atomic
def criteria_set(*, actor: User, tender: Tender, criteria: list[dict[str, Any]]) -> list[Criterion]:
    """Replace the award criteria of a draft: ``[{"name", "weight", "lot_number"}]``."""
    require_on(actor, "manage", tender, MANAGERS_ONLY)
    if tender.status != TenderStatus.DRAFT:
        raise _error(
            "Les critères d'attribution et leur pondération sont ceux publiés avec la "
            "consultation (R.2152-11, R.2152-12) : ils ne changent plus après publication.",
            "criteria",
            "R.2152-12",
        )
    lots = {lot.number: lot for lot in tender.lots.all()}
    scopes: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for item in criteria:
        number = item.get("lot_number")
        if number is not None and number not in lots:
            raise _error(f"Le lot n° {number} n'existe pas dans cette consultation.", "criteria")
        name = (item.get("name") or "").strip()
        weight = item.get("weight")
        if not name:
            raise _error("Chaque critère a un intitulé.", "criteria")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            raise _error(f"« {name} » : une pondération de 1 à 100 %.", "criteria")
        if any(other["name"].lower() == name.lower() for other in scopes[number]):
            raise _error(f"Le critère « {name} » est en double.", "criteria")
        scopes[number].append({"name": name, "weight": weight})
    for number, items in scopes.items():
        total = sum(item["weight"] for item in items)
        if total != TOTAL_WEIGHT:
            where = f"du lot {number}" if number is not None else "de la consultation"
            raise _error(
                f"Les pondérations des critères {where} totalisent {total} % au lieu de "
                f"{TOTAL_WEIGHT} % (R.2152-12).",
                "criteria",
                "R.2152-12",
            )
    tender.criteria.all().delete()
    created = []
    for number, items in scopes.items():
        for position, item in enumerate(items, start=1):
            created.append(
                Criterion.objects.create(
                    tender=tender, lot=lots.get(number), position=position, **item
                )
            )
    audit_record(
        actor=actor,
        action="tender.criteria_set",
        obj=tender,
        collectivite=tender.buyer,
        details={"criteria": [f"{c.name} ({c.weight} %)" for c in created]},
    )
    return created


def _criteria_for(tender: Tender, lot_id: int | None) -> list[Criterion]:
    """The criteria that judge an offer on ``lot_id``: the lot's own, else the tender's."""
    criteria = [c for c in tender.criteria.all() if c.lot_id == lot_id]
    return criteria or [c for c in tender.criteria.all() if c.lot_id is None]


def _score(value: Any, name: str) -> Decimal:
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _error(f"« {name} » : une note de 0 à {MAX_SCORE}.", "scores") from None
    if not score.is_finite() or not 0 <= score <= MAX_SCORE:
        raise _error(f"« {name} » : une note de 0 à {MAX_SCORE}.", "scores")
    if score != score.quantize(Decimal("0.01")):
        raise _error(f"« {name} » : deux décimales au plus.", "scores")
    return score


@transaction.atomic
def offer_scores_set(
    *, actor: User, tender: Tender, bid_id: int, scores: list[dict[str, Any]]
) -> list[OfferScore]:
    """Score one opened offer: ``[{"criterion", "score", "comment"}]`` (others unchanged)."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    if tender.status not in OPENED:
        raise _error("Seules les offres ouvertes sont notées.", "bid", "R.2152-1")
    bid = Bid.objects.filter(tender=tender, pk=bid_id).select_related("company", "lot").first()
    if bid is None:
        raise NotFoundError("Pli introuvable.")
    if not bid.is_current:
        raise _error(
            "Ce pli a été remplacé par un dépôt ultérieur de l'entreprise : seul le dernier est "
            "ouvert et analysé (R.2151-6).",
            "bid",
            "R.2151-6",
        )
    awarded = tender.awards.filter(lot_id=bid.lot_id) if bid.lot_id else tender.awards.all()
    if awarded.exists():
        raise _error(
            "Le choix est fait pour ce lot : la grille d'analyse est figée.", "bid", "R.2181-3"
        )
    criteria = {c.pk: c for c in _criteria_for(tender, bid.lot_id)}
    if not criteria:
        raise _error("Cette consultation n'a pas de critères d'attribution.", "scores")
    if not scores:
        raise _error("Donnez au moins une note.", "scores")
    seen, rows = set(), []
    for item in scores:
        criterion = criteria.get(item.get("criterion"))
        if criterion is None:
            raise _error("Critère inconnu pour cette offre.", "scores")
        if criterion.pk in seen:
            raise _error(f"« {criterion.name} » est noté deux fois.", "scores")
        seen.add(criterion.pk)
        rows.append((criterion, _score(item.get("score"), criterion.name), item))
    moment = now()
    saved = []
    for criterion, score, item in rows:
        row, _ = OfferScore.objects.update_or_create(
            criterion=criterion,
            bid=bid,
            defaults={
                "score": score,
                "comment": (item.get("comment") or "").strip()[:5000],
                "scored_by": actor,
                "scored_at": moment,
            },
        )
        saved.append(row)
    audit_record(
        actor=actor,
        action="tender.offer_scored",
        obj=tender,
        collectivite=tender.buyer,
        details={"bid": bid.pk, "scores": {row.criterion.name: str(row.score) for row in saved}},
    )
    return saved


# --- Reading the grid ---------------------------------------------------------------------------


@dataclass
class GridRow:
    bid: Bid
    scores: dict[int, OfferScore]
    total: Decimal
    complete: bool
    rank: int | None = None


@dataclass
class GridScope:
    lot: Lot | None
    criteria: list[Criterion]
    rows: list[GridRow] = field(default_factory=list)


def _total(criteria: list[Criterion], scores: dict[int, OfferScore]) -> Decimal:
    total = sum(
        (scores[c.pk].score * c.weight / MAX_SCORE for c in criteria if c.pk in scores),
        Decimal(0),
    )
    return total.quantize(Decimal("0.01"))


def grid(tender: Tender) -> list[GridScope]:
    """The grid of every scope (no permission check: callers have made it)."""
    tender_criteria = list(tender.criteria.select_related("lot"))
    bids = list(
        Bid.objects.filter(tender=tender, is_current=True)
        .select_related("company", "lot")
        .order_by("lot__number", "submitted_at", "id")
    )
    scores: dict[int, dict[int, OfferScore]] = defaultdict(dict)
    for row in OfferScore.objects.filter(bid__in=bids):
        scores[row.bid_id][row.criterion_id] = row
    by_lot: dict[int | None, GridScope] = {}
    for bid in bids:
        own = [c for c in tender_criteria if c.lot_id == bid.lot_id]
        criteria = own or [c for c in tender_criteria if c.lot_id is None]
        scope = by_lot.setdefault(bid.lot_id, GridScope(lot=bid.lot, criteria=criteria))
        mine = scores.get(bid.pk, {})
        scope.rows.append(
            GridRow(
                bid=bid,
                scores=mine,
                total=_total(criteria, mine),
                complete=bool(criteria) and all(c.pk in mine for c in criteria),
            )
        )
    for scope in by_lot.values():
        ranked = sorted(scope.rows, key=lambda row: -row.total)
        for index, row in enumerate(ranked):
            previous = ranked[index - 1] if index else None
            row.rank = previous.rank if previous and previous.total == row.total else index + 1
        scope.rows = ranked
    return list(by_lot.values())


def analysis_grid(*, actor: AnyUser, tender: Tender) -> list[GridScope]:
    """The grid for the buyer's office, once the offers are opened."""
    require_on(actor, "read_bids", tender, REFUSALS["read_bids"])
    if tender.status not in OPENED:
        raise ConflictError("La grille d'analyse s'ouvre avec les plis.")
    return grid(tender)


def company_totals(tender: Tender, lot_id: int | None) -> dict[int, GridRow]:
    """Company id → its row of the grid on that scope (for the rejection letters)."""
    for scope in grid(tender):
        if (scope.lot.pk if scope.lot else None) == lot_id or (lot_id and scope.lot is None):
            return {row.bid.company_id: row for row in scope.rows}
    return {}


def analysis_report_pdf(*, actor: AnyUser, tender: Tender) -> bytes:
    """The rapport d'analyse des offres, from the grid as it stands."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported on use: it loads pango

    scopes = analysis_grid(actor=actor, tender=tender)
    for scope in scopes:
        for row in scope.rows:
            row.cells = [row.scores.get(c.pk) for c in scope.criteria]
    html = render_to_string(
        "tenders/analysis_report.html",
        {
            "tender": tender,
            "scopes": scopes,
            "now": now(),
            "author": getattr(actor, "display_name", "") or actor.get_username(),
        },
    )
    return HTML(string=html).write_pdf()
