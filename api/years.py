"""The ``year`` query parameter shared by the statistics and the open data."""

import re

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter

from collectivites.errors import ApplicationError

FIRST_YEAR = 2000  # before any French e-procurement platform: nothing to count


def year_parameter(*, required: bool, description: str) -> OpenApiParameter:
    return OpenApiParameter("year", int, required=required, description=description)


def parse_year(raw: str | None, *, default: int | None = None) -> int | None:
    """A four-digit year from 2000 to the current one; anything else is a 400."""
    if raw is None or raw == "":
        return default
    last = timezone.localdate().year
    if not re.fullmatch(r"[0-9]{4}", raw) or not FIRST_YEAR <= int(raw) <= last:
        message = f"Année invalide : indiquez une année de {FIRST_YEAR} à {last}."
        raise ApplicationError(message, extra={"fields": {"year": [message]}})
    return int(raw)
