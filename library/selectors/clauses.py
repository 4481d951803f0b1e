"""Model clauses as a draft's editor reads them: the picker's list and each clause's history.

A clause's version is a Wagtail page revision. Only *published* revisions count (a revision
an animator saved but did not publish is nobody's text yet): they are the revisions Wagtail
logged a ``wagtail.publish`` action for. Every read goes through ``LibraryPage``'s ``view``
rule, so a clause restricted to some collectivités stays invisible (404) to everyone else,
through this module as through the pages API. Spaces call ``clause_get`` and
``clause_revision_get`` to record where inserted text came from (the library knows nothing
of drafts).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from wagtail.models import PageLogEntry, Revision

from collectivites.errors import ErrorCode, NotFoundError
from collectivites.permissions import AnyUser, visible_to

from ..models import LibraryPage, ModelClausePage

PUBLISH = "wagtail.publish"


def _visible_clauses(actor: AnyUser) -> QuerySet[ModelClausePage]:
    """Live clauses whose page the actor may read (the rule is ``LibraryPage``'s, in SQL)."""
    readable = visible_to(actor, "view", LibraryPage.objects.filter(live=True))
    return ModelClausePage.objects.filter(live=True, pk__in=readable.values("pk"))


def clause_list(*, actor: AnyUser, q: str | None = None) -> QuerySet[ModelClausePage]:
    """Clauses the actor may read, by reference; ``q`` looks in title, reference and summary."""
    clauses = _visible_clauses(actor)
    if q:
        clauses = clauses.filter(
            Q(title__icontains=q) | Q(reference__icontains=q) | Q(summary__icontains=q)
        )
    return clauses.order_by("reference", "pk")


def clause_get(*, actor: AnyUser, clause_id: int) -> ModelClausePage:
    clause = _visible_clauses(actor).filter(pk=clause_id).first()
    if clause is None:
        raise NotFoundError("Clause introuvable.", code=ErrorCode.NOT_FOUND)
    return clause


@dataclass(frozen=True)
class ClauseRevision:
    """One published version of a clause: its text as published, and when."""

    id: int
    published_at: datetime
    title: str
    text: str
    is_current: bool


def _as_revision(revision: Revision, published_at: datetime, live_id: int | None) -> ClauseRevision:
    content = revision.content or {}
    return ClauseRevision(
        id=revision.pk,
        published_at=published_at,
        title=content.get("title", ""),
        text=content.get("clause_text", ""),
        is_current=revision.pk == live_id,
    )


def clause_revision_list(*, actor: AnyUser, clause_id: int) -> list[ClauseRevision]:
    """Every published revision of a clause the actor may read, newest first (2 queries)."""
    clause = clause_get(actor=actor, clause_id=clause_id)
    entries = (
        PageLogEntry.objects.filter(page_id=clause.pk, action=PUBLISH, revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
    )
    seen: set[int] = set()
    revisions = []
    for entry in entries:  # a revision published twice (unpublished, republished) shows once
        if entry.revision_id in seen:
            continue
        seen.add(entry.revision_id)
        revisions.append(_as_revision(entry.revision, entry.timestamp, clause.live_revision_id))
    return revisions


def clause_revision_get(*, actor: AnyUser, clause_id: int, revision_id: int) -> ClauseRevision:
    """One published revision of a readable clause (404 for a revision never published)."""
    clause = clause_get(actor=actor, clause_id=clause_id)
    entry = (
        PageLogEntry.objects.filter(page_id=clause.pk, action=PUBLISH, revision_id=revision_id)
        .select_related("revision")
        .order_by("timestamp")
        .first()
    )
    if entry is None:
        raise NotFoundError("Version de clause introuvable.", code=ErrorCode.NOT_FOUND)
    return _as_revision(entry.revision, entry.timestamp, clause.live_revision_id)
