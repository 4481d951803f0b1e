"""Field validators shared by the tender models and the services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_PATTERN = re.compile(r"^[0-9]{8}(-[0-9])?$")

# The 45 divisions of the CPV main vocabulary (Regulation (EC) No 213/2008) and the check digit
# the official list gives each division code ("03000000-1"). The check digit is not computable:
# the Publications Office says the algorithm documented with the 2008 revision does not give the
# published digits (an error it will not correct), so a digit is checked against the list; the
# list of the ~9 400 deeper codes is not shipped, their digit is taken as given.
CPV_DIVISIONS = {
    "03": "1", "09": "3", "14": "1", "15": "8", "16": "5", "18": "9", "19": "6", "22": "0",
    "24": "4", "30": "9", "31": "6", "32": "3", "33": "0", "34": "7", "35": "4", "37": "8",
    "38": "5", "39": "2", "41": "9", "42": "6", "43": "3", "44": "0", "45": "7", "48": "8",
    "50": "5", "51": "9", "55": "0", "60": "8", "63": "9", "64": "6", "65": "3", "66": "0",
    "70": "1", "71": "8", "72": "5", "73": "2", "75": "6", "76": "3", "77": "0", "79": "4",
    "80": "4", "85": "9", "90": "7", "92": "1", "98": "3",
}  # fmt: skip


def validate_cpv_code(value: object) -> None:
    """The official list's format: 8 digits (a division of the list first), then a dash and the
    check digit; a division code's digit must be the list's."""
    if not isinstance(value, str) or not CPV_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Code CPV invalide : %(value)s (8 chiffres, un tiret et le chiffre de contrôle)."),
            params={"value": value},
            code="invalid_cpv",
        )
    division = value[:2]
    if division not in CPV_DIVISIONS:
        raise ValidationError(
            _("Code CPV invalide : %(value)s (la division %(division)s n'existe pas)."),
            params={"value": value, "division": division},
            code="invalid_cpv",
        )
    if value[2:8] == "000000" and "-" in value and value[-1] != CPV_DIVISIONS[division]:
        raise ValidationError(
            _("Code CPV invalide : %(value)s (chiffre de contrôle attendu : %(digit)s)."),
            params={"value": value, "digit": CPV_DIVISIONS[division]},
            code="invalid_cpv",
        )


def validate_cpv_codes(value: object) -> None:
    """A JSON list of CPV codes such as ``["45210000-2", "71000000"]``."""
    if not isinstance(value, list):
        raise ValidationError(_("Les codes CPV forment une liste."), code="invalid_cpv")
    for code in value:
        validate_cpv_code(code)
