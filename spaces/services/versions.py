"""Named versions of a draft: keeping the live text under a label, and restoring one.

Saving and restoring go to the audit log in the same transaction as the change.
"""

from django.db import transaction
from django.db.models import Max

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, NotFoundError
from collectivites.models import User
from collectivites.permissions import require

from ..coedit import store
from ..models import Draft, DraftVersion
from ._common import live_text, locked


def _label(label: str) -> str:
    label = label.strip()
    if not label:
        raise ApplicationError(
            "Le libellé est obligatoire.", extra={"fields": {"label": ["Requis."]}}
        )
    return label[:200]


def _save_version(*, actor: User, draft: Draft, label: str, text: str, seq: int) -> DraftVersion:
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DraftVersion.objects.create(
        draft=draft, number=number, label=label, markdown=text, seq=seq, created_by=actor
    )
    audit_record(
        actor=actor,
        action="draft.version_saved",
        obj=draft,
        details={"number": number, "label": label, "seq": seq},
    )
    return version


@transaction.atomic
def draft_version_save(*, actor: User, draft: Draft, label: str) -> DraftVersion:
    """Keep the current live text under a label and the next number (editors; a published
    draft's too: a version changes nothing in the text)."""
    require(actor, "curate", draft)
    label = _label(label)
    draft = locked(draft)
    text, seq = live_text(draft.pk)
    return _save_version(actor=actor, draft=draft, label=label, text=text, seq=seq)


@transaction.atomic
def draft_version_restore(*, actor: User, draft: Draft, number: int) -> DraftVersion | None:
    """Make a version's text the current text again, as an edit every client receives live.

    Users expect not to lose work: unless the current text is already kept in some version,
    it is saved first as "Avant restauration de vN". Returns that automatic version, if any.
    """
    require(actor, "edit", draft)
    draft = locked(draft)
    version = draft.versions.filter(number=number).first()
    if version is None:
        raise NotFoundError("Version introuvable.")
    text, seq = live_text(draft.pk)
    saved = None
    if text != version.markdown and not draft.versions.filter(markdown=text).exists():
        saved = _save_version(
            actor=actor, draft=draft, label=f"Avant restauration de v{number}", text=text, seq=seq
        )
    new_seq = store.replace_text(draft_id=draft.pk, user_id=actor.pk, markdown=version.markdown)
    audit_record(
        actor=actor,
        action="draft.version_restored",
        obj=draft,
        details={
            "number": number,
            "seq": new_seq,
            "saved_before": saved.number if saved else None,
        },
    )
    return saved
