"""Reads of the acts app, always for an ``actor`` (the permission layer filters in the query)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from collectivites.errors import NotFoundError
from collectivites.models import AuditEvent, Collectivite
from collectivites.permissions import AnyUser, visible_to

from .models import AccountingFile, Act, ActFile, ActMessage, ClassificationEntry
from .services._common import require_on
from .services.classification import classification_current


def act_list(
    *,
    actor: AnyUser,
    status: str | None = None,
    nature: int | None = None,
    classification: str | None = None,
    decided_after: date | None = None,
    decided_before: date | None = None,
    collectivite: int | None = None,
) -> QuerySet[Act]:
    acts = visible_to(actor, "view", Act.objects.all())
    if status:
        acts = acts.filter(status=status)
    if nature:
        acts = acts.filter(nature=nature)
    if classification:
        # "7" matches 7, 7.1, 7.1.2…, never 70
        acts = acts.filter(classification_code=classification) | acts.filter(
            classification_code__startswith=f"{classification}."
        )
    if decided_after:
        acts = acts.filter(decision_date__gte=decided_after)
    if decided_before:
        acts = acts.filter(decision_date__lte=decided_before)
    if collectivite:
        acts = acts.filter(collectivite_id=collectivite)
    return acts.select_related("collectivite", "classification_version").prefetch_related(
        Prefetch("files", queryset=ActFile.objects.order_by("position"))
    )


def act_get(*, actor: AnyUser, pk: int, to: str = "view") -> Act:
    act = Act.objects.select_related("collectivite", "classification_version").filter(pk=pk).first()
    if act is None:
        raise NotFoundError("Acte introuvable.")
    require_on(actor, to, act, "Vous n'avez pas le droit d'effectuer cette action.")
    return act


def act_detail(*, actor: AnyUser, pk: int) -> Act:
    act_get(actor=actor, pk=pk)
    return (
        Act.objects.select_related("collectivite", "classification_version")
        .prefetch_related(
            Prefetch("files", queryset=ActFile.objects.order_by("position")),
            Prefetch("messages", queryset=ActMessage.objects.order_by("created_at", "id")),
        )
        .get(pk=pk)
    )


def act_file_get(*, actor: AnyUser, act: Act, file_id: int) -> ActFile:
    act_get(actor=actor, pk=act.pk)
    row = ActFile.objects.filter(act=act, pk=file_id).first()
    if row is None:
        raise NotFoundError("Fichier introuvable.")
    return row


def act_message_get(*, actor: AnyUser, act: Act, message_id: int) -> ActMessage:
    act_get(actor=actor, pk=act.pk)
    message = (
        ActMessage.objects.select_related("act__collectivite")
        .filter(act=act, pk=message_id)
        .first()
    )
    if message is None:
        raise NotFoundError("Échange introuvable.")
    return message


def act_timeline(*, actor: AnyUser, act: Act) -> QuerySet[AuditEvent]:
    """Every step of the act, oldest first, from the audit log (one query)."""
    act_get(actor=actor, pk=act.pk)
    return AuditEvent.objects.filter(object_type="acts.act", object_id=str(act.pk)).order_by(
        "at", "id"
    )


def published_acts(*, actor: AnyUser, collectivite: Collectivite) -> QuerySet[Act]:
    """Acts the collectivité published online: public, anonymous visitors included."""
    return (
        visible_to(actor, "view_published", Act.objects.filter(collectivite=collectivite))
        .select_related("collectivite")
        .order_by("-decision_date", "-id")
    )


def collectivite_public(*, actor: AnyUser, pk: int) -> Collectivite:
    collectivite = visible_to(actor, "view", Collectivite.objects.filter(pk=pk)).first()
    if collectivite is None:
        raise NotFoundError("Collectivité introuvable.")
    return collectivite


@dataclass
class ClassificationTree:
    version_date: date
    entries: list[ClassificationEntry]


def classification_tree() -> ClassificationTree | None:
    version = classification_current()
    if version is None:
        return None
    return ClassificationTree(version.version_date, list(version.entries.order_by("code")))


def accounting_file_list(
    *,
    actor: AnyUser,
    status: str | None = None,
    kind: str | None = None,
    collectivite: int | None = None,
) -> QuerySet[AccountingFile]:
    rows = visible_to(actor, "view", AccountingFile.objects.all()).select_related("collectivite")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if collectivite:
        rows = rows.filter(collectivite_id=collectivite)
    return rows


def accounting_file_get(*, actor: AnyUser, pk: int) -> AccountingFile:
    row = AccountingFile.objects.select_related("collectivite").filter(pk=pk).first()
    if row is None:
        raise NotFoundError("Flux introuvable.")
    require_on(actor, "view", row, "")
    return row
