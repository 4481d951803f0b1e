"""The contract data given with an award, checked before anything is written.

The DECP format publishes them as facts, so none has a default: each is the buyer's answer.
Rules beyond the schema's types: a "none" value ("Sans objet", "Pas de …") stands alone in its
list; an advance has a rate (above 0, at most 1 = 100 %) and no advance has none; a single
titulaire is "Pas de groupement" and several form a joint or several groupement.

``contract_values`` returns the values to store and, per field, what is wrong; the award service
raises them all at once so a form shows every error beside its field.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from ..models import Ccag, GroupingType, PriceForm
from ..models.contract import LIST_FIELDS, MAX_DURATION_MONTHS

REQUIRED = "Obligatoire."
BOOLEANS = ("innovative", "subcontracting_declared", "advance_granted")
CHOICES = {"price_form": PriceForm, "ccag": Ccag, "grouping_type": GroupingType}


def _choice(value: Any, choices: type) -> str | None:
    return value if isinstance(value, str) and value in choices.values else None


def _list(value: Any, choices: type, exclusive: str | None) -> tuple[list[str] | None, str]:
    if not isinstance(value, list | tuple) or not value:
        return None, "Choisissez au moins une valeur."
    unknown = [item for item in value if _choice(item, choices) is None]
    if unknown:
        return None, f"Valeur inconnue : {unknown[0]}."
    if len(set(value)) != len(value):
        return None, "Une valeur est en double."
    if exclusive is not None and exclusive in value and len(value) > 1:
        return None, f"« {exclusive} » ne se combine pas avec une autre valeur."
    order = list(choices.values)
    return sorted(value, key=order.index), ""


def _duration(value: Any) -> tuple[int | None, str]:
    if value is None:
        return None, REQUIRED
    if isinstance(value, bool) or not isinstance(value, int):
        return None, "Un nombre entier de mois."
    if not 1 <= value <= MAX_DURATION_MONTHS:
        return None, f"De 1 à {MAX_DURATION_MONTHS} mois."
    return value, ""


def _rate(granted: Any, value: Any) -> tuple[Decimal | None, str]:
    try:
        rate = None if value is None else Decimal(str(value))
    except InvalidOperation:
        return None, "Un nombre entre 0 et 1 (0,05 pour 5 %)."
    if rate is not None and not rate.is_finite():
        return None, "Un nombre entre 0 et 1 (0,05 pour 5 %)."
    if granted is None:
        return None, ""  # the missing answer is the error, not the rate
    if granted is False:
        # Without an advance there is no rate; 0 is how the format says so, stored as none.
        return (None, "") if rate is None or rate == 0 else (None, "Pas de taux sans avance.")
    if rate is None:
        return None, "Obligatoire quand une avance est attribuée."
    if not 0 < rate <= 1:
        return None, "Un taux au-dessus de 0 et jusqu'à 1 (100 %)."
    if rate != rate.quantize(Decimal("0.0001")):
        return None, "Quatre décimales au plus (0,0525 pour 5,25 %)."
    return rate, ""


def _grouping(value: str | None, companies: int) -> str:
    if value is None or companies == 0:
        return ""
    if companies == 1 and value != GroupingType.NONE:
        return f"Un seul titulaire : « {GroupingType.NONE} »."
    if companies > 1 and value == GroupingType.NONE:
        return f"{companies} titulaires forment un groupement : conjoint ou solidaire."
    return ""


def contract_values(
    data: dict[str, Any], *, companies: int
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields to store on the award, and the errors by field name (empty when all is well)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    values["duration_months"], errors["duration_months"] = _duration(data.get("duration_months"))
    for name, choices in CHOICES.items():
        values[name] = _choice(data.get(name), choices)
        if values[name] is None:
            errors[name] = REQUIRED if data.get(name) is None else "Valeur inconnue."
    for name, (choices, exclusive) in LIST_FIELDS.items():
        values[name], errors[name] = _list(data.get(name), choices, exclusive)
    for name in BOOLEANS:
        value = data.get(name)
        values[name] = value if isinstance(value, bool) else None
        if values[name] is None:
            errors[name] = REQUIRED
    values["advance_rate"], errors["advance_rate"] = _rate(
        values["advance_granted"], data.get("advance_rate")
    )
    if not errors.get("grouping_type"):
        errors["grouping_type"] = _grouping(values["grouping_type"], companies)
    return values, {name: [message] for name, message in errors.items() if message}
