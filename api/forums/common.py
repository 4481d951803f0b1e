"""What the forum endpoints share: the errors of their own logic and query parameters."""

from drf_spectacular.utils import OpenApiParameter

from collectivites.errors import ApplicationError

from ..errors import ErrorSerializer
from ..params import is_number

CONFLICT = {409: ErrorSerializer}
THROTTLED = {429: ErrorSerializer}
TOO_LARGE = {413: ErrorSerializer}
BODY_NOT_FOUND = {404: ErrorSerializer}

FORUM_PARAM = OpenApiParameter("forum", int, description="Limiter à un forum.")


def id_param(request, name: str) -> int | None:
    """An optional id in the query string (400 naming it when it is not one)."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not is_number(value, max_digits=18) or int(value) < 1:
        raise ApplicationError(
            "Paramètre invalide.", extra={"fields": {name: ["Un identifiant numérique."]}}
        )
    return int(value)
