"""The contract data an award needs, as the API takes them and as the services take them."""

from decimal import Decimal

# A works contract of one company: every field given, an advance of 5 %.
CONTRACT = {
    "duration_months": 6,
    "price_form": "Forfaitaire",
    "price_types": ["Définitif révisable"],
    "ccag": "Travaux",
    "techniques": ["Sans objet"],
    "execution_terms": ["Tranches"],
    "innovative": False,
    "subcontracting_declared": True,
    "advance_granted": True,
    "advance_rate": "0.05",
    "social_considerations": ["Clause sociale"],
    "environmental_considerations": ["Pas de considération environnementale"],
    "grouping_type": "Pas de groupement",
}


def contract(**overrides) -> dict:
    """CONTRACT for the services (the rate as a Decimal), with changes."""
    data = {**CONTRACT, "advance_rate": Decimal(CONTRACT["advance_rate"])}
    return {**data, **overrides}
