"""What the spaces services share: the live text, the draft row's lock, the draft's status.

A draft is ``approved`` exactly when every editor collectivité of its space has signed its
current text; any change to the text or to the set of editors settles the status again here.
"""

import hashlib

from django.db import transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, NotFoundError
from collectivites.models import Collectivite, User

from ..coedit import access, store
from ..models import Draft, DraftApproval, SpaceMember, SpacePage


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def title_required() -> ApplicationError:
    return ApplicationError("Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}})


def live_text(draft_id: int) -> tuple[str, int]:
    """The draft's current text (snapshot + log) and the last seq it includes."""
    doc, seq = store.load_document(draft_id)
    return store.document_text(doc), seq


def locked(draft: Draft) -> Draft:
    """The draft's row, locked until commit: no update can be appended meanwhile."""
    return Draft.objects.select_for_update().select_related("space").get(pk=draft.pk)


def tell_open_sockets(draft_ids: list[int]) -> None:
    """Once committed, these drafts' open co-editing sockets ask again what they may do."""
    if draft_ids:
        transaction.on_commit(lambda: access.access_changed(draft_ids), robust=True)


def set_status(*, actor: User | None, draft: Draft, status: str, reason: str) -> None:
    previous = draft.status
    if previous == status:
        return
    Draft.objects.filter(pk=draft.pk).update(status=status)
    draft.status = status
    if status == Draft.Status.PUBLISHED:  # final: editors' open sockets become read-only
        tell_open_sockets([draft.pk])
    audit_record(
        actor=actor,
        action="draft.status_changed",
        obj=draft,
        details={"from": previous, "to": status, "reason": reason},
    )


def _approval_complete(draft: Draft, sha256: str) -> bool:
    editors = set(
        SpaceMember.objects.filter(
            space_id=draft.space_id, role=SpaceMember.Role.EDITOR
        ).values_list("collectivite_id", flat=True)
    )
    approved = set(
        DraftApproval.objects.filter(draft=draft, content_sha256=sha256).values_list(
            "collectivite_id", flat=True
        )
    )
    return bool(editors) and editors <= approved


def settle_status(*, actor: User | None, draft: Draft, sha256: str) -> None:
    """``approved`` exactly when every editor collectivité signed the current text."""
    complete = _approval_complete(draft, sha256)
    if complete and draft.status in (Draft.Status.WRITING, Draft.Status.REVIEW):
        set_status(actor=actor, draft=draft, status=Draft.Status.APPROVED, reason="approvals")
    elif not complete and draft.status == Draft.Status.APPROVED:
        set_status(actor=actor, draft=draft, status=Draft.Status.REVIEW, reason="approvals")


def settle_space_drafts(*, actor: User, space: SpacePage) -> None:
    for draft in Draft.objects.select_for_update().filter(
        space=space, status__in=[Draft.Status.WRITING, Draft.Status.REVIEW, Draft.Status.APPROVED]
    ):
        text, _seq = live_text(draft.pk)
        settle_status(actor=actor, draft=draft, sha256=content_sha256(text))


def collectivite_of(value: Collectivite | int) -> Collectivite:
    """A collectivité given as itself or by id (the API passes ids: a 404 if there is none)."""
    if isinstance(value, Collectivite):
        return value
    found = Collectivite.objects.filter(pk=value).first()
    if found is None:
        raise NotFoundError("Collectivité introuvable.", extra={"collectivite": value})
    return found
