"""The @CTES identifier of an act and the rules on its parts.

``<département on 3 characters>-<SIREN>-<decision date YYYYMMDD>-<internal number>-<nature>``,
for example ``035-213502388-20080214-2008_12-DE``. The internal number is the collectivité's own
(at most 15 characters: digits, capital letters, ``_``), unique within the collectivité, which
makes the identifier unique platform-wide.
"""

import re
from datetime import date

from .models import ActNature

NUMBER_PATTERN = re.compile(r"[0-9A-Z_]{1,15}")
IDENTIFIER_PATTERN = re.compile(
    r"(?P<departement>[0-9]{2}[0-9AB]|[0-9]{3})-(?P<siren>[0-9]{9})-(?P<date>[0-9]{8})-"
    r"(?P<number>[0-9A-Z_]{1,15})-(?P<nature>DE|AR|AI|CC|BF|AU)"
)


def departement_on_3(code: str) -> str:
    """ "35" → "035", "2A" → "02A", "974" → "974"."""
    return code.rjust(3, "0")


def act_identifier(
    *, departement_code: str, siren: str, decision_date: date, number: str, nature: int
) -> str:
    return (
        f"{departement_on_3(departement_code)}-{siren}-{decision_date:%Y%m%d}-{number}-"
        f"{ActNature(nature).abbreviation}"
    )


def is_valid_number(value: object) -> bool:
    return isinstance(value, str) and NUMBER_PATTERN.fullmatch(value) is not None
