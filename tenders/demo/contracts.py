"""Contract data for the demo's 2007 awards, as buyers of the time would have recorded them.

Each purchase of the founding year (by CPV code) has a profile: its CCAG, price form, usual
durations and execution terms. The CCAGs are those in force in 2007 (works, supplies and
services, intellectual services, industrial contracts; CCAG-TIC and CCAG-MOE came later, so
project management is under intellectual services); insurance has none. Advances follow the
Code des marchés publics of 2006 (art. 87: due above 50 000 € HT for more than two months,
5 % unless the contract says more; the holder may decline). Everything random comes from the
generator the caller gives, so ``seed_demo`` stays deterministic.
"""

import random
from decimal import Decimal
from typing import Any, NamedTuple

from ..models import (
    Ccag,
    EnvironmentalConsideration,
    ExecutionTerm,
    GroupingType,
    Nature,
    PriceForm,
    PriceType,
    SocialConsideration,
    Technique,
)

FCS, PI = Ccag.SUPPLIES_SERVICES, Ccag.INTELLECTUAL
UNIT, FLAT, MIXED = PriceForm.UNIT, PriceForm.FLAT, PriceForm.MIXED
ORDERS, TRANCHES = ExecutionTerm.ORDERS, ExecutionTerm.TRANCHES


class Profile(NamedTuple):
    ccag: str
    price_form: str
    months: tuple[int, ...]
    orders: float = 0.0  # share of contracts by purchase orders (bons de commande)
    social: float = 0.05  # share with a social clause
    environmental: float = 0.05  # share with an environmental criterion or clause


PROFILES = {
    "45261000-4": Profile(Ccag.WORKS, FLAT, (3, 4, 6)),  # roofing
    "45233140-2": Profile(Ccag.WORKS, UNIT, (4, 6, 8), social=0.2),  # roads
    "45214200-2": Profile(Ccag.WORKS, FLAT, (12, 14, 18), social=0.4, environmental=0.2),
    "45453000-7": Profile(Ccag.WORKS, FLAT, (8, 10, 12), social=0.2),
    "45232410-9": Profile(Ccag.WORKS, UNIT, (6, 9, 12)),  # sewerage
    "45112700-2": Profile(Ccag.WORKS, MIXED, (2, 3, 4), environmental=0.3),  # landscaping
    "39160000-1": Profile(FCS, UNIT, (3, 6)),  # school furniture
    "30192000-1": Profile(FCS, UNIT, (12, 24, 36), orders=0.8, environmental=0.3),
    "09310000-5": Profile(FCS, UNIT, (12, 24, 36), environmental=0.2),  # electricity
    "15000000-8": Profile(FCS, UNIT, (12, 24, 36), orders=0.9, environmental=0.3),  # food
    "30213000-5": Profile(FCS, UNIT, (2, 3, 12), orders=0.3, environmental=0.2),  # computers
    "34136000-9": Profile(FCS, FLAT, (2, 3)),  # utility vehicle
    "22110000-4": Profile(FCS, UNIT, (12, 24), orders=0.9),  # library books
    "33600000-6": Profile(FCS, UNIT, (24, 36, 48), orders=0.9),  # pharmaceuticals
    "09134100-8": Profile(FCS, UNIT, (12, 24, 36), orders=0.9),  # fuel
    "90919200-4": Profile(FCS, FLAT, (12, 24, 36), social=0.3, environmental=0.3),  # cleaning
    "50421000-2": Profile(FCS, MIXED, (12, 36, 48)),  # biomedical maintenance
    "55523100-3": Profile(FCS, UNIT, (12, 36, 48), orders=0.6, environmental=0.3),  # canteens
    "90511000-2": Profile(FCS, MIXED, (48, 60, 72), social=0.3, environmental=0.2),  # waste
    "71000000-8": Profile(PI, FLAT, (24, 30, 36)),  # project management
    "66510000-8": Profile(Ccag.NONE, FLAT, (36, 48, 60)),  # insurance
    "60130000-8": Profile(FCS, UNIT, (36, 48, 60), social=0.1),  # school transport
    "79810000-5": Profile(FCS, UNIT, (12, 24, 36), orders=0.8),  # municipal bulletin
    "77310000-6": Profile(FCS, MIXED, (12, 24, 36), social=0.3, environmental=0.4),  # parks
}
DEFAULT = Profile(FCS, UNIT, (12,))
ADVANCE_THRESHOLD = Decimal("50000")


def _price_types(rng: random.Random, profile: Profile, nature: str, months: int) -> list[str]:
    if profile.ccag == PI and rng.random() < 0.6:
        return [PriceType.PROVISIONAL]  # fee on a provisional cost of works, made final later
    if months <= 4:
        return [rng.choice([PriceType.FIRM, PriceType.ADJUSTABLE])]
    if nature == Nature.WORKS and rng.random() < 0.2:
        return [PriceType.ADJUSTABLE, PriceType.REVISABLE]
    return [PriceType.REVISABLE]


def _social(rng: random.Random, profile: Profile, cpv: str) -> list[str]:
    if cpv == "77310000-6" and rng.random() < 0.15:
        return [SocialConsideration.RESERVED]  # parks kept by a sheltered workshop (ESAT)
    if rng.random() < profile.social:
        return [SocialConsideration.CLAUSE]
    return [SocialConsideration.NONE]


def _environmental(rng: random.Random, profile: Profile) -> list[str]:
    if rng.random() >= profile.environmental:
        return [EnvironmentalConsideration.NONE]
    return [rng.choice([EnvironmentalConsideration.CRITERION, EnvironmentalConsideration.CLAUSE])]


def contract_data(
    rng: random.Random, *, nature: str, cpv: str, amount: Decimal, titulaires: int
) -> dict[str, Any]:
    """The fields of one award's contract data (``Award`` field names)."""
    profile = PROFILES.get(cpv, DEFAULT)
    months = rng.choice(profile.months)
    orders = rng.random() < profile.orders
    tranches = nature == Nature.WORKS and months >= 12 and rng.random() < 0.3
    advance = amount > ADVANCE_THRESHOLD and months > 2 and rng.random() < 0.7
    subcontracting = {Nature.WORKS: 0.45, Nature.SERVICES: 0.15}.get(nature, 0.05)
    if titulaires == 1:
        grouping = GroupingType.NONE
    else:
        grouping = rng.choice([GroupingType.JOINT, GroupingType.JOINT, GroupingType.SEVERAL])
    return {
        "duration_months": months,
        "price_form": profile.price_form,
        "price_types": _price_types(rng, profile, nature, months),
        "ccag": profile.ccag,
        "techniques": [Technique.FRAMEWORK if orders else Technique.NONE],
        "execution_terms": [ORDERS if orders else TRANCHES if tranches else ExecutionTerm.NONE],
        "innovative": False,  # the notion came with the 2016 reform
        "subcontracting_declared": rng.random() < subcontracting,
        "advance_granted": advance,
        "advance_rate": rng.choice([Decimal("0.05")] * 3 + [Decimal("0.1"), Decimal("0.2")])
        if advance
        else None,
        "social_considerations": _social(rng, profile, cpv),
        "environmental_considerations": _environmental(rng, profile),
        "grouping_type": grouping,
    }
