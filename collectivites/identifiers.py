"""SIREN and SIRET checks.

INSEE numbers carry a Luhn check digit; checking it catches most typing mistakes before a body or
a company is registered with a number that cannot exist. La Poste's establishments are the one
documented exception to the SIRET rule (their digits sum to a multiple of 5).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    """Return True when ``digits`` passes the Luhn checksum."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """Return the digit that makes ``partial + digit`` pass the Luhn checksum."""
    for candidate in "0123456789":
        if luhn_is_valid(partial + candidate):
            return candidate
    raise AssertionError("unreachable: one Luhn digit always exists")


def validate_siren(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Un SIREN compte exactement 9 chiffres."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("Ce SIREN n'est pas valide (clé de contrôle incorrecte)."), code="siren_checksum"
        )


def validate_siret(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 14 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Un SIRET compte exactement 14 chiffres."), code="siret_format")
    is_la_poste = value.startswith(LA_POSTE_SIREN)
    if is_la_poste and sum(int(c) for c in value) % 5 == 0:
        return
    if not luhn_is_valid(value[:9]) or not luhn_is_valid(value):
        raise ValidationError(
            _("Ce SIRET n'est pas valide (clé de contrôle incorrecte)."), code="siret_checksum"
        )
