"""Approvals: an editor collectivité signs off on a draft's text, through one of its agents.

Who may sign for which collectivité is the rule ``approve_draft_for`` (``spaces.rules``);
approvals and withdrawals go to the audit log in the same transaction.
"""

from django.db import transaction
from django.utils import timezone

from collectivites.audit import audit_record
from collectivites.errors import (
    ApplicationError,
    ConflictError,
    ErrorCode,
    NotFoundError,
    PermissionDeniedError,
)
from collectivites.models import Collectivite, User
from collectivites.permissions import require, user_can, visible_to

from ..models import Draft, DraftApproval, SpaceMember
from ._common import content_sha256, live_text, locked, settle_status


def _approving_collectivite(
    *, actor: User, draft: Draft, collectivite_id: int | None
) -> Collectivite:
    """The editor collectivité the actor signs for: named, or the only one they may sign for."""
    editors = {
        m.collectivite_id: m.collectivite
        for m in SpaceMember.objects.filter(
            space_id=draft.space_id, role=SpaceMember.Role.EDITOR
        ).select_related("collectivite")
    }
    signable = visible_to(
        actor, "approve_draft_for", Collectivite.objects.filter(pk__in=editors)
    ).values_list("pk", flat=True)
    mine = {pk: editors[pk] for pk in signable}
    if collectivite_id is None:
        if len(mine) == 1:
            return next(iter(mine.values()))
        raise ApplicationError(
            "Précisez au nom de quelle collectivité vous approuvez.",
            extra={
                "fields": {"collectivite": ["Requis."]},
                "choices": [{"id": c.pk, "name": c.name} for c in mine.values()],
            },
        )
    if collectivite_id not in editors:
        raise ApplicationError(
            "Cette collectivité n'est pas rédactrice dans cet espace.",
            extra={"fields": {"collectivite": ["Pas une collectivité rédactrice de l'espace."]}},
        )
    if collectivite_id not in mine:
        raise PermissionDeniedError("Vous n'agissez pas pour cette collectivité.")
    return mine[collectivite_id]


@transaction.atomic
def draft_approve(
    *,
    actor: User,
    draft: Draft,
    collectivite_id: int | None = None,
    expected_sha256: str | None = None,
) -> DraftApproval:
    """An editor collectivité signs off on the draft's current text, through one of its agents.

    The approval holds the seq and the SHA-256 of the live text, under the draft row's lock so
    that no edit slips between reading the text and recording what was approved. Approving
    again replaces the collectivité's previous approval. Readers and animators cannot approve.

    Others may be typing while an agent reads: with ``expected_sha256`` (the hash of the text
    the agent has in front of them) the approval is refused (``stale``) if the live text
    differs, so nobody signs off on words they have not seen.
    """
    require(actor, "approve", draft)
    draft = locked(draft)
    if draft.status == Draft.Status.PUBLISHED:
        raise ConflictError("Ce brouillon est publié.")
    collectivite = _approving_collectivite(
        actor=actor, draft=draft, collectivite_id=collectivite_id
    )
    text, seq = live_text(draft.pk)
    sha256 = content_sha256(text)
    if expected_sha256 is not None and expected_sha256 != sha256:
        raise ConflictError(
            "Le texte a changé depuis que vous l'avez relu : relisez-le avant d'approuver.",
            extra={"content_sha256": sha256},
            code=ErrorCode.STALE,
        )
    approval, _created = DraftApproval.objects.update_or_create(
        draft=draft,
        collectivite=collectivite,
        defaults={
            "approved_by": actor,
            "seq": seq,
            "content_sha256": sha256,
            "approved_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action="draft.approved",
        obj=draft,
        collectivite=collectivite,
        details={"seq": seq, "content_sha256": sha256},
    )
    settle_status(actor=actor, draft=draft, sha256=sha256)
    return approval


@transaction.atomic
def draft_approval_withdraw(*, actor: User, draft: Draft, collectivite_id: int) -> None:
    """A collectivité takes back its approval (through one who may sign for it)."""
    require(actor, "approve", draft)
    draft = locked(draft)
    if draft.status == Draft.Status.PUBLISHED:
        raise ConflictError("Ce brouillon est publié.")
    approval = (
        DraftApproval.objects.filter(draft=draft, collectivite_id=collectivite_id)
        .select_related("collectivite")
        .first()
    )
    if approval is None:
        raise NotFoundError("Aucune approbation de cette collectivité.")
    if not user_can(actor, "approve_draft_for", approval.collectivite):
        raise PermissionDeniedError("Vous n'agissez pas pour cette collectivité.")
    approval.delete()
    audit_record(
        actor=actor,
        action="draft.approval_withdrawn",
        obj=draft,
        collectivite=approval.collectivite,
        details={"seq": approval.seq, "content_sha256": approval.content_sha256},
    )
    text, _seq = live_text(draft.pk)
    settle_status(actor=actor, draft=draft, sha256=content_sha256(text))
