"""Companies' saved searches of consultations, and the e-mail alerts they give.

An alert is sent once per (search, tender): the ``SavedSearchAlert`` row is written in the same
transaction that enqueues the e-mail, and its unique constraint stops a second run (or a second
worker) from announcing the tender again. Only consultations published after the search was
saved are announced, and only those the user may see.
"""

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from background.queue import enqueue_on_commit
from collectivites.errors import ApplicationError, NotFoundError
from collectivites.models import User
from collectivites.permissions import AnyUser, require, require_create, visible_to
from collectivites.tasks import send_email
from collectivites.text import fold

from ..models import SavedSearch, SavedSearchAlert, Tender, TenderStatus
from ..rules import public_q

CPV_PREFIX = re.compile(r"^[0-9]{1,8}(-[0-9])?$")
DEPARTEMENT = re.compile(r"^([0-9]{2,3}|2A|2B)$")
FIELDS = ("name", "cpv_prefix", "departement", "keyword", "buyer", "email_alerts")
LOOKBACK = timedelta(days=30)  # a search never announces tenders older than this


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = ["Obligatoire."]
    cpv = (data.get("cpv_prefix") or "").strip()
    if cpv and not CPV_PREFIX.fullmatch(cpv):
        errors["cpv_prefix"] = ["Préfixe CPV : des chiffres (ex. 4526)."]
    departement = (data.get("departement") or "").strip().upper()
    if departement and not DEPARTEMENT.fullmatch(departement):
        errors["departement"] = ["Département : 2 ou 3 chiffres, 2A ou 2B."]
    keyword = (data.get("keyword") or "").strip()
    buyer = data.get("buyer")
    if not errors and not (cpv or departement or keyword or buyer):
        errors["cpv_prefix"] = [
            "Indiquez au moins un critère (CPV, département, mot-clé, acheteur)."
        ]
    if errors:
        raise ApplicationError(
            "La recherche enregistrée est invalide : " + " ".join(m[0] for m in errors.values()),
            extra={"fields": errors},
        )
    return {
        "name": name[:100],
        "cpv_prefix": cpv,
        "departement": departement,
        "keyword": keyword[:200],
        "buyer": buyer,
        "email_alerts": bool(data.get("email_alerts", True)),
    }


def saved_search_list(*, actor: AnyUser) -> QuerySet:
    return visible_to(actor, "view", SavedSearch.objects.select_related("buyer")).order_by(
        "name", "id"
    )


def saved_search_get(*, actor: AnyUser, pk: int) -> SavedSearch:
    search = saved_search_list(actor=actor).filter(pk=pk).first()
    if search is None:
        raise NotFoundError("Recherche introuvable.")
    return search


@transaction.atomic
def saved_search_create(*, actor: User, **data: Any) -> SavedSearch:
    require_create(actor, SavedSearch)
    return SavedSearch.objects.create(user=actor, **_clean(data))


@transaction.atomic
def saved_search_update(*, actor: User, search: SavedSearch, **data: Any) -> SavedSearch:
    require(actor, "manage", search)
    current = {name: getattr(search, name) for name in FIELDS}
    for name, value in _clean({**current, **data}).items():
        setattr(search, name, value)
    search.save()
    return search


@transaction.atomic
def saved_search_delete(*, actor: User, search: SavedSearch) -> None:
    require(actor, "manage", search)
    search.delete()


def saved_search_matches(search: SavedSearch) -> QuerySet:
    """The published consultations this search finds (by the list's own filters)."""
    tenders = Tender.objects.filter(public_q(), status=TenderStatus.PUBLISHED)
    if search.cpv_prefix:
        tenders = tenders.filter(search_text__contains=f" |{search.cpv_prefix}")
    if search.departement:
        tenders = tenders.filter(buyer__departement_code=search.departement)
    for word in fold(search.keyword).split():
        tenders = tenders.filter(search_text__contains=word)
    if search.buyer_id:
        tenders = tenders.filter(buyer_id=search.buyer_id)
    return tenders


def saved_searches_alert(*, at=None) -> int:
    """Announce, once, each new matching consultation to each search's owner; the number of
    e-mails queued."""
    moment = at or timezone.now()
    searches = SavedSearch.objects.filter(email_alerts=True, user__is_active=True).select_related(
        "user"
    )
    sent = 0
    for search in searches:
        if not search.user.email:
            continue
        since = max(search.created_at, moment - LOOKBACK)
        new = list(
            saved_search_matches(search)
            .filter(published_at__gte=since, published_at__lte=moment)
            .exclude(pk__in=search.alerts.values("tender_id"))
            .select_related("buyer")
            .order_by("published_at", "id")[:50]
        )
        if not new:
            continue
        with transaction.atomic():
            created = SavedSearchAlert.objects.bulk_create(
                [SavedSearchAlert(search=search, tender=tender) for tender in new],
                ignore_conflicts=True,
            )
            if not created:
                continue
            enqueue_on_commit(send_email, *_mail(search, new), search.user.email)
            sent += 1
    return sent


def _mail(search: SavedSearch, tenders: list[Tender]) -> tuple[str, str]:
    lines = [
        f"- {tender.reference} — {tender.title} ({tender.buyer.name}), remise des offres "
        f"jusqu'au {timezone.localtime(tender.response_deadline):%d/%m/%Y à %H:%M} : "
        f"{settings.PUBLIC_URL}/consultations/{tender.pk}"
        for tender in tenders
    ]
    subject = f"[e-Partage] {len(tenders)} nouvelle(s) consultation(s) : {search.name}"
    body = (
        f"Votre recherche « {search.name} » trouve de nouvelles consultations :\n\n"
        + "\n".join(lines)
        + f"\n\nGérer vos recherches : {settings.PUBLIC_URL}/mes-recherches\n"
    )
    return subject, body


__all__ = [
    "saved_search_create",
    "saved_search_delete",
    "saved_search_get",
    "saved_search_list",
    "saved_search_matches",
    "saved_search_update",
    "saved_searches_alert",
]
