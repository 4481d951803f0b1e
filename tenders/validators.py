"""Field validators shared by the tender models and the services."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CPV_PATTERN = re.compile(r"^[0-9]{8}(-[0-9])?$")


def validate_cpv_code(value: object) -> None:
    if not isinstance(value, str) or not CPV_PATTERN.fullmatch(value):
        raise ValidationError(
            _("Code CPV invalide : %(value)s (8 chiffres, éventuellement suivis de -N)."),
            params={"value": value},
            code="invalid_cpv",
        )


def validate_cpv_codes(value: object) -> None:
    """A JSON list of CPV codes such as ``["45210000-2", "71000000"]``."""
    if not isinstance(value, list):
        raise ValidationError(_("Les codes CPV forment une liste."), code="invalid_cpv")
    for code in value:
        validate_cpv_code(code)
