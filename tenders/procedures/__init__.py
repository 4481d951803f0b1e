"""The procedures of the Code de la commande publique: their phases and minimum deadlines.

Pure functions (no database, no clock of their own): the services pass the dates in.
"""

from .deadlines import (
    CANDIDATURES,
    OFFERS,
    TWO_PHASE,
    Minimum,
    earliest_deadline,
    is_two_phase,
    minimum,
    shortfall,
)

__all__ = [
    "CANDIDATURES",
    "OFFERS",
    "TWO_PHASE",
    "Minimum",
    "earliest_deadline",
    "is_two_phase",
    "minimum",
    "shortfall",
]
