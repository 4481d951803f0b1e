"""Comments on a draft: threads quoting a passage, which editors resolve and reopen."""

from django.db import transaction
from django.utils import timezone

from collectivites.errors import ApplicationError
from collectivites.models import User
from collectivites.permissions import require

from ..models import Draft, DraftComment

MAX_COMMENT, MAX_QUOTE = 10_000, 5_000


@transaction.atomic
def draft_comment_create(
    *,
    actor: User,
    draft: Draft,
    body: str,
    quote: str = "",
    parent_id: int | None = None,
    quote_start: int | None = None,
    quote_end: int | None = None,
) -> DraftComment:
    """Comment on a draft, quoting the passage, or reply in a thread.

    Whoever may read the draft may comment, readers included: reviewing is their part of the
    work, while changing the text stays the editors'.
    """
    require(actor, "view", draft)
    body = body.strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = ["Requis."]
    elif len(body) > MAX_COMMENT:
        errors["body"] = [f"{MAX_COMMENT} caractères au plus."]
    if len(quote) > MAX_QUOTE:
        errors["quote"] = [f"{MAX_QUOTE} caractères au plus."]
    if (quote_start is None) != (quote_end is None) or (
        quote_start is not None and quote_end < quote_start
    ):
        errors["quote_start"] = ["Début et fin ensemble, le début avant la fin."]
    parent = None
    if parent_id is not None:
        parent = DraftComment.objects.filter(draft=draft, pk=parent_id).first()
        if parent is None:
            errors["parent"] = ["Commentaire introuvable dans ce brouillon."]
    if errors:
        raise ApplicationError("Le commentaire est invalide.", extra={"fields": errors})
    return DraftComment.objects.create(
        draft=draft,
        parent=parent,
        author=actor,
        quote=quote,
        quote_start=quote_start,
        quote_end=quote_end,
        body=body,
    )


def _thread(*, actor: User, comment: DraftComment) -> DraftComment:
    """The first comment of a thread, which the draft's editors act on."""
    require(actor, "edit", comment.draft)
    if comment.parent_id is not None:
        raise ApplicationError("Seul le premier commentaire d'un fil se résout ou se rouvre.")
    return comment


@transaction.atomic
def draft_comment_resolve(*, actor: User, comment: DraftComment) -> DraftComment:
    """Close a thread (editors of the space: they are the ones who act on comments)."""
    comment = _thread(actor=actor, comment=comment)
    if comment.resolved_at is None:
        comment.resolved_at, comment.resolved_by = timezone.now(), actor
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def draft_comment_reopen(*, actor: User, comment: DraftComment) -> DraftComment:
    """Open a resolved thread again (editors of the space)."""
    comment = _thread(actor=actor, comment=comment)
    if comment.resolved_at is not None:
        comment.resolved_at, comment.resolved_by = None, None
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
