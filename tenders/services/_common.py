"""Helpers shared by the tender services: validation, search text, the clock, refusals."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from collectivites.errors import ApplicationError, NotFoundError, PermissionDeniedError
from collectivites.permissions import AnyUser, user_can
from collectivites.text import fold

from ..models import Tender


def now() -> datetime:
    """The server's clock: the only one that decides deadlines."""
    return timezone.now()


def validated(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ApplicationError(
            "Les données sont invalides.", extra={"fields": error.message_dict}
        ) from error


def search_text(tender: Tender) -> str:
    """Folded words for ``q``, then each CPV code after a ``|`` so a prefix query is a LIKE."""
    words = fold(
        " ".join(
            [
                tender.reference,
                tender.title,
                tender.object,
                tender.buyer.name,
                tender.place_of_performance,
            ]
        )
    )
    codes = list(tender.cpv_codes or [])
    if tender.pk:  # the lots' codes too: a company searching 4526 finds the lot "toiture"
        codes += [code for code in tender.lots.values_list("cpv_code", flat=True) if code]
    return words + "".join(f" |{code}" for code in dict.fromkeys(codes))


def require_on(actor: AnyUser, action: str, tender: Tender, message: str) -> None:
    """Refuse unless ``actor`` may ``action`` the tender: 404 if they may not even see it (its
    existence is not disclosed), else 403 with ``message``, which says who may."""
    if user_can(actor, action, tender):
        return
    if not user_can(actor, "view", tender):
        raise NotFoundError("Ressource introuvable.")
    raise PermissionDeniedError(message)


MANAGERS_ONLY = "Seuls les acheteurs de la collectivité qui passe le marché peuvent le faire."
# What a refusal says, by rule (a 403: the tender is visible, the act is somebody else's).
REFUSALS = {
    "manage": MANAGERS_ONLY,
    "ask_question": "Seules les entreprises identifiées posent des questions.",
    "submit_bid": "Seules les entreprises identifiées remettent des plis.",
    "open_bids": "Seuls les acheteurs de la collectivité qui passe le marché ouvrent les plis.",
    "read_bids": "Seuls les agents acheteurs de la collectivité qui passe le marché lisent les "
    "plis.",
    "count_bids": "Le nombre de plis est connu des acheteurs de la consultation et des animateurs.",
}
