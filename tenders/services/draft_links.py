"""Which consultation a drafting-space draft prepares: the tender room's link, not the draft's.

Drafting spaces know nothing of consultations; the tender room depends on them (a DCE piece is
exported from a draft), so it holds the link (``TenderDraft``) and the one write that changes a
draft's text metadata and its consultation together (the draft PATCH).
"""

from django.db import transaction

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError
from collectivites.models import User
from collectivites.permissions import require, visible_to
from spaces.models import Draft
from spaces.services import draft_update

from ..models import Tender, TenderDraft

UNCHANGED = object()


@transaction.atomic
def draft_link_tender(*, actor: User, draft: Draft, tender: Tender | None) -> TenderDraft | None:
    """Say which consultation this draft prepares (or none): the draft's editors ("curate"),
    for a consultation they can see. Returns the link, if any."""
    require(actor, "curate", draft)
    if tender is not None:
        require(actor, "view", tender)
    link = None
    if tender is None:
        TenderDraft.objects.filter(draft=draft).delete()
    else:
        link, _created = TenderDraft.objects.update_or_create(
            draft=draft, defaults={"tender": tender}
        )
    audit_record(
        actor=actor,
        action="draft.tender_linked",
        obj=draft,
        details={"tender": tender.pk if tender is not None else None},
    )
    return link


@transaction.atomic
def draft_patch(
    *,
    actor: User,
    draft: Draft,
    tender_id: int | object | None = UNCHANGED,
    title: str | None = None,
    status: str | None = None,
) -> Draft:
    """One request, one outcome: the consultation link and a title or status change are made
    together or not at all (a refused status change must not leave the link made).

    ``tender_id`` is a consultation the actor can see, ``None`` to unlink, or left out.
    """
    if tender_id is not UNCHANGED:
        require(actor, "curate", draft)
        tender = None
        if tender_id is not None:
            tender = visible_to(actor, "view", Tender.objects.filter(pk=tender_id)).first()
            if tender is None:
                raise ApplicationError(
                    "Consultation introuvable.", extra={"fields": {"tender": ["Inconnue."]}}
                )
        draft_link_tender(actor=actor, draft=draft, tender=tender)
    if title is not None or status is not None:
        draft = draft_update(actor=actor, draft=draft, title=title, status=status)
    return draft
