"""Contracts without publicity nor competition (sans publicité ni mise en concurrence
préalables, L.2122-1): below the R.2122-8 ceiling by value alone, above it only on one of the
grounds of R.2122-1 to R.2122-11, named, with the buyer's justification.

The ceiling is the ``PUBLICITY`` row of ``thresholds`` (R.2122-8 as amended by décret
n° 2025-1386 du 29 décembre 2025: 40 000 € HT for supplies and services, 60 000 € HT for
consultations launched from 1 April 2026, 100 000 € HT for works; "inférieure à": the ceiling
itself is above). Some grounds carry their own ceiling (R.2122-9 books, R.2122-9-1 innovation).
The labels summarise the articles; the articles themselves are the law.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from collectivites.errors import ApplicationError

from . import thresholds
from .models import Procedure, Tender


@dataclass(frozen=True)
class Ground:
    code: str
    article: str
    label: str
    ceiling: Decimal | None = None  # the ground applies below this value only (€ HT)


GROUNDS: tuple[Ground, ...] = (
    Ground(
        "R2122-1",
        "R.2122-1",
        "Urgence impérieuse résultant de circonstances extérieures et imprévisibles",
    ),
    Ground(
        "R2122-2",
        "R.2122-2",
        "Aucune candidature, aucune offre, ou seulement des offres inappropriées à la suite "
        "d'un appel d'offres (procédure infructueuse)",
    ),
    Ground(
        "R2122-3",
        "R.2122-3",
        "Un seul opérateur économique peut exécuter le marché (œuvre d'art, raisons "
        "techniques, droits d'exclusivité)",
    ),
    Ground(
        "R2122-4",
        "R.2122-4",
        "Livraisons complémentaires du fournisseur initial (renouvellement partiel ou "
        "extension d'installations)",
    ),
    Ground(
        "R2122-5",
        "R.2122-5",
        "Fournitures cotées et achetées sur un marché de matières premières",
    ),
    Ground(
        "R2122-6",
        "R.2122-6",
        "Fournitures ou services à des conditions particulièrement avantageuses (cessation "
        "d'activité, liquidation ou redressement judiciaire)",
    ),
    Ground(
        "R2122-7",
        "R.2122-7",
        "Travaux ou services nouveaux répétant des prestations similaires confiées au "
        "titulaire d'un premier marché",
    ),
    Ground(
        "R2122-9",
        "R.2122-9",
        "Livres non scolaires (valeur inférieure à 90 000 € HT)",
        Decimal("90000"),
    ),
    Ground(
        "R2122-9-1",
        "R.2122-9-1",
        "Travaux, fournitures ou services innovants (valeur inférieure à 100 000 € HT)",
        Decimal("100000"),
    ),
    Ground(
        "R2122-10",
        "R.2122-10",
        "Marché de services attribué au lauréat ou à l'un des lauréats d'un concours",
    ),
    Ground(
        "R2122-11",
        "R.2122-11",
        "Fournitures fabriquées uniquement à des fins de recherche, d'expérimentation, "
        "d'étude ou de développement",
    ),
)
BY_CODE = {ground.code: ground for ground in GROUNDS}
CHOICES = [(ground.code, f"{ground.article} — {ground.label}") for ground in GROUNDS]


def _money(amount: Decimal) -> str:
    return f"{amount:,.0f}".replace(",", "\u202f")


def _refuse(message: str, field: str) -> None:
    raise ApplicationError(message, extra={"rule": "R.2122-8", "fields": {field: [message]}})


def check_without_publicity(tender: Tender, *, on: date) -> None:
    """Refuse a contract without publicity above the R.2122-8 ceiling unless a ground is named
    and justified; below it, allowed as it is. Other procedures keep no ground."""
    if tender.procedure != Procedure.WITHOUT_PUBLICITY:
        tender.exemption_ground, tender.exemption_justification = "", ""
        return
    ceiling = thresholds.threshold(nature=tender.nature, kind=thresholds.Kind.PUBLICITY, on=on)
    if ceiling is None:
        _refuse(
            f"Aucun seuil de dispense de publicité n'est connu pour le {on:%d/%m/%Y} : "
            "la table des seuils doit être mise à jour.",
            "procedure",
        )
    ground = BY_CODE.get(tender.exemption_ground) if tender.exemption_ground else None
    if tender.exemption_ground and ground is None:
        _refuse(f"Motif inconnu : {tender.exemption_ground}.", "exemption_ground")
    if tender.estimated_value < ceiling and ground is None:
        return
    if ground is None:
        _refuse(
            f"Un marché sans publicité ni mise en concurrence n'est possible par son seul "
            f"montant qu'en dessous de {_money(ceiling)} € HT (article R.2122-8) : au-delà, "
            "choisissez l'un des motifs des articles R.2122-1 à R.2122-11 et justifiez-le.",
            "exemption_ground",
        )
    if ground.ceiling is not None and tender.estimated_value >= ground.ceiling:
        _refuse(
            f"Le motif de l'article {ground.article} ne vaut qu'en dessous de "
            f"{_money(ground.ceiling)} € HT.",
            "exemption_ground",
        )
    if not (tender.exemption_justification or "").strip():
        _refuse(
            f"Justifiez le recours à l'article {ground.article} : la justification est "
            "obligatoire.",
            "exemption_justification",
        )
