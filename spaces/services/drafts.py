"""Writes on drafts: creating one, renaming it, moving it along its life.

A draft's life: ``writing`` ⇄ ``review`` (editors move it), ``approved`` when every editor
collectivité has signed off on the current text (never set by hand), ``published`` (editors,
only from ``approved``; final). Any edit sends an approved draft back to ``review``
(``coedit.store.append_update``), because approvals are tied to a hash of the text they
approved. Status changes go to the audit log in the same transaction.
"""

from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, ConflictError
from collectivites.indexing import index_changed
from collectivites.models import User
from collectivites.permissions import require

from ..coedit.store import new_document
from ..limits import DRAFT_MAX_CHARACTERS
from ..models import Draft, SpacePage
from ..rendering import render_markdown
from ._common import locked, set_status, title_required


def _check_markdown(markdown: str) -> None:
    if len(markdown) > DRAFT_MAX_CHARACTERS:
        raise ApplicationError(
            "Le texte est trop long.",
            extra={"fields": {"markdown": [f"{DRAFT_MAX_CHARACTERS} caractères au plus."]}},
        )


@transaction.atomic
def draft_create(*, actor: User, space: SpacePage, title: str, markdown: str = "") -> Draft:
    """Create a draft in a space (its editors); its initial text becomes the first snapshot."""
    require(actor, "edit", space)
    title = title.strip()
    if not title:
        raise title_required()
    _check_markdown(markdown)
    doc, text = new_document()
    if markdown:
        text += markdown
    draft = Draft.objects.create(
        space=space,
        title=title[:200],
        markdown=markdown,
        html=render_markdown(markdown),
        snapshot=doc.get_update(),
        created_by=actor,
        updated_by=actor,
    )
    audit_record(actor=actor, action="draft.created", obj=draft)
    return draft


@transaction.atomic
def draft_update(
    *, actor: User, draft: Draft, title: str | None = None, status: str | None = None
) -> Draft:
    """Rename a draft and/or move it along its life (editors of the space).

    Editors move a draft between ``writing`` and ``review`` (also from ``approved``, to reopen
    it) and publish it, only once it is ``approved``. ``approved`` itself is never set by hand:
    it follows from the approvals. A published draft is final: its status no longer changes.
    """
    require(actor, "view", draft)
    if draft.status == Draft.Status.PUBLISHED:
        raise ConflictError("Un brouillon publié est définitif : il ne change plus.")
    require(actor, "edit", draft)
    draft = locked(draft)
    if title is not None:
        title = title.strip()
        if not title:
            raise title_required()
        if title != draft.title:
            Draft.objects.filter(pk=draft.pk).update(
                title=title[:200], updated_by=actor, updated_at=timezone.now()
            )
            audit_record(
                actor=actor, action="draft.renamed", obj=draft, details={"title": title[:200]}
            )
            draft.title = title[:200]
            index_changed(draft, fields=["title"])
    if status is not None and status != draft.status:
        _check_transition(draft.status, status)
        set_status(actor=actor, draft=draft, status=status, reason="editor")
    draft.refresh_from_db()
    return draft


def _check_transition(current: str, target: str) -> None:
    statuses = Draft.Status
    if target not in statuses.values:
        raise ApplicationError("Statut inconnu.", extra={"fields": {"status": ["Invalide."]}})
    if current == statuses.PUBLISHED:
        raise ConflictError("Un brouillon publié ne change plus de statut.")
    if target == statuses.APPROVED:
        raise ConflictError(
            "Un brouillon est approuvé quand toutes les collectivités rédactrices l'ont approuvé."
        )
    if target == statuses.PUBLISHED and current != statuses.APPROVED:
        raise ConflictError("Seul un brouillon approuvé peut être publié.")
