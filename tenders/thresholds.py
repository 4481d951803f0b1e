"""Procurement thresholds for collectivités, in one dated table.

A revision of the thresholds (every two years, by decree and Commission regulation) is new rows
here, never new code: each row says from when to when it applies, to which nature of contract,
and what it bounds.

* ``FORMALISED``: from this estimated value (€ HT, inclusive) a formalised procedure is
  required, so a procédure adaptée (MAPA) is refused.
* ``PUBLICITY``: below this value no publicity is required; at or above it, it is. The date that
  decides is the launch of the consultation (its publication, or today for a draft).
* ``LEGAL_JOURNAL``: from this value (R.2131-12 2°) a procédure adaptée is announced in the
  BOAMP or a journal of legal announcements, not only on the buyer profile; from ``FORMALISED``
  the BOAMP and the Official Journal of the EU (R.2131-16).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .models import Nature


class Kind(StrEnum):
    FORMALISED = "formalised"
    PUBLICITY = "publicity"
    LEGAL_JOURNAL = "legal_journal"  # R.2131-12: BOAMP or a legal journal from this value


@dataclass(frozen=True)
class Threshold:
    valid_from: date
    valid_to: date  # inclusive
    nature: Nature
    kind: Kind
    amount: Decimal


THRESHOLDS: tuple[Threshold, ...] = (
    # Seuils européens 2026-2027 (collectivités territoriales).
    Threshold(
        date(2026, 1, 1), date(2027, 12, 31), Nature.SUPPLIES, Kind.FORMALISED, Decimal("216000")
    ),
    Threshold(
        date(2026, 1, 1), date(2027, 12, 31), Nature.SERVICES, Kind.FORMALISED, Decimal("216000")
    ),
    Threshold(
        date(2026, 1, 1), date(2027, 12, 31), Nature.WORKS, Kind.FORMALISED, Decimal("5404000")
    ),
    # Dispense de publicité : 40 000 € HT, relevé à 60 000 € HT pour les fournitures et services
    # des consultations lancées à compter du 1er avril 2026 ; 100 000 € HT pour les travaux.
    Threshold(
        date(2026, 1, 1), date(2026, 3, 31), Nature.SUPPLIES, Kind.PUBLICITY, Decimal("40000")
    ),
    Threshold(
        date(2026, 1, 1), date(2026, 3, 31), Nature.SERVICES, Kind.PUBLICITY, Decimal("40000")
    ),
    Threshold(
        date(2026, 4, 1), date(2027, 12, 31), Nature.SUPPLIES, Kind.PUBLICITY, Decimal("60000")
    ),
    Threshold(
        date(2026, 4, 1), date(2027, 12, 31), Nature.SERVICES, Kind.PUBLICITY, Decimal("60000")
    ),
    Threshold(
        date(2026, 1, 1), date(2027, 12, 31), Nature.WORKS, Kind.PUBLICITY, Decimal("100000")
    ),
    # Avis au BOAMP ou dans un journal d'annonces légales (R.2131-12) : 90 000 € HT.
    *(
        Threshold(
            date(2026, 1, 1), date(2027, 12, 31), nature, Kind.LEGAL_JOURNAL, Decimal("90000")
        )
        for nature in Nature
    ),
)


def threshold(*, nature: str, kind: Kind, on: date) -> Decimal | None:
    """The amount in force on ``on``, or None when the table does not cover that date."""
    for row in THRESHOLDS:
        if row.nature == nature and row.kind == kind and row.valid_from <= on <= row.valid_to:
            return row.amount
    return None


def formalised_procedure_required(*, nature: str, value: Decimal, on: date) -> bool | None:
    amount = threshold(nature=nature, kind=Kind.FORMALISED, on=on)
    return None if amount is None else value >= amount


def publicity_required(*, nature: str, value: Decimal, on: date) -> bool | None:
    amount = threshold(nature=nature, kind=Kind.PUBLICITY, on=on)
    return None if amount is None else value >= amount
