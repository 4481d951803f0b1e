"""Writes on drafting spaces and drafts.

A space's membership and the object permissions of its collectivités' groups change together,
in one transaction: ``SpaceMember`` says who is in, the guardian rows are what the permission
layer reads.

A draft's life: ``writing`` ⇄ ``review`` (editors move it), ``approved`` when every editor
collectivité has signed off on the current text (never set by hand), ``published`` (editors,
only from ``approved``; final). Any edit sends an approved draft back to ``review``
(``store.append_update``), because approvals are tied to a hash of the text they approved.
Approvals, withdrawals, status changes, versions saved and restorations go to the audit log in
the same transaction.
"""

import hashlib

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.models import Page

from collectivites.audit import audit_record
from collectivites.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)
from collectivites.models import Collectivite, Membership, User
from collectivites.permissions import is_animator, require, user_can_create

from .coedit import store
from .coedit.access import access_changed
from .coedit.store import new_document
from .models import (
    Draft,
    DraftApproval,
    DraftComment,
    DraftVersion,
    SpaceIndexPage,
    SpaceMember,
    SpacePage,
)
from .rendering import render_markdown

READ, EDIT = "spaces.read_space", "spaces.edit_space"


def space_index() -> SpaceIndexPage:
    """The parent page of all spaces, created under the site's root page the first time."""
    index = SpaceIndexPage.objects.first()
    if index is None:
        parent = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
        index = parent.add_child(
            instance=SpaceIndexPage(title="Espaces de rédaction", slug="espaces")
        )
    return index


def _title_required() -> ApplicationError:
    return ApplicationError("Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}})


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "espace"
    slug, n = base, 1
    while SpacePage.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def space_create(
    *,
    actor: User,
    title: str,
    description: str = "",
    members: list[tuple[Collectivite, str]] = (),
) -> SpacePage:
    """Create a space (animators and referents) with its member collectivités and roles.

    A space needs at least one editor collectivité: without one nobody could write in it.
    """
    if not user_can_create(actor, SpacePage):
        raise PermissionDeniedError("Seuls les animateurs et les référents créent des espaces.")
    if not title.strip():
        raise _title_required()
    listed = [collectivite.pk for collectivite, _role in members]
    if len(set(listed)) != len(listed):
        raise ApplicationError(
            "Une collectivité figure deux fois parmi les membres.",
            extra={"fields": {"members": ["Chaque collectivité une seule fois."]}},
        )
    if not any(role == SpaceMember.Role.EDITOR for _c, role in members):
        raise ApplicationError(
            "Un espace a au moins une collectivité rédactrice.",
            extra={"fields": {"members": ["Au moins une collectivité « editor »."]}},
        )
    if not (actor.is_superuser or is_animator(actor)) and not any(
        role == SpaceMember.Role.EDITOR
        and Membership.objects.filter(
            user=actor, collectivite=collectivite, role=Membership.Role.REFERENT
        ).exists()
        for collectivite, role in members
    ):
        # A referent's space is one its own collectivité writes in: otherwise they could not
        # see, let alone manage, what they created (animators and superusers create any).
        raise ApplicationError(
            "Votre collectivité doit être rédactrice de l'espace que vous créez.",
            extra={"fields": {"members": ["Ajoutez votre collectivité comme « editor »."]}},
        )
    space = SpacePage(title=title.strip(), slug=_unique_slug(title), description=description)
    space_index().add_child(instance=space)
    audit_record(actor=actor, action="space.created", obj=space)
    for collectivite, role in members:
        _member_set(actor=actor, space=space, collectivite=collectivite, role=role)
    return space


@transaction.atomic
def space_member_set(
    *, actor: User, space: SpacePage, collectivite: Collectivite, role: str
) -> SpaceMember:
    """Add a collectivité to a space or change its role (``editor`` or ``reader``).

    The set of editor collectivités is what "approved" is measured against, so changing it
    settles the status of the space's drafts again (a new editor has not signed yet).
    """
    require(actor, "manage", space)
    current = SpaceMember.objects.filter(space=space, collectivite=collectivite).first()
    if current is not None and current.role == SpaceMember.Role.EDITOR != role:
        _keep_an_editor(space, leaving=collectivite)
    member = _member_set(actor=actor, space=space, collectivite=collectivite, role=role)
    if current is None or current.role != role:
        _settle_space_drafts(actor=actor, space=space)
    return member


def _member_set(
    *, actor: User, space: SpacePage, collectivite: Collectivite, role: str
) -> SpaceMember:
    if role not in SpaceMember.Role.values:
        raise ApplicationError(
            "Rôle inconnu : « editor » ou « reader ».", extra={"fields": {"role": ["Invalide."]}}
        )
    member, _created = SpaceMember.objects.update_or_create(
        space=space, collectivite=collectivite, defaults={"role": role}
    )
    assign_perm(READ, collectivite.group, space)
    _tell_open_sockets(space)
    if role == SpaceMember.Role.EDITOR:
        assign_perm(EDIT, collectivite.group, space)
    else:
        remove_perm(EDIT, collectivite.group, space)
        DraftApproval.objects.filter(draft__space=space, collectivite=collectivite).delete()
    audit_record(
        actor=actor,
        action="space.member_set",
        obj=space,
        collectivite=collectivite,
        details={"role": role},
    )
    return member


def _tell_open_sockets(space: SpacePage) -> None:
    """Once committed, the space's open co-editing sockets ask again what they may do."""
    draft_ids = list(Draft.objects.filter(space=space).values_list("pk", flat=True))
    if draft_ids:
        transaction.on_commit(lambda: access_changed(draft_ids), robust=True)


def _keep_an_editor(space: SpacePage, *, leaving: Collectivite) -> None:
    others = SpaceMember.objects.filter(space=space, role=SpaceMember.Role.EDITOR).exclude(
        collectivite=leaving
    )
    if not others.exists():
        raise ConflictError(
            "Un espace garde au moins une collectivité rédactrice.",
            extra={"collectivite": leaving.pk},
        )


@transaction.atomic
def space_member_remove(*, actor: User, space: SpacePage, collectivite: Collectivite) -> None:
    """Take a collectivité out of a space (its approvals go with it)."""
    require(actor, "manage", space)
    member = SpaceMember.objects.filter(space=space, collectivite=collectivite).first()
    if member is None:
        raise NotFoundError("Cette collectivité n'est pas membre de l'espace.")
    if member.role == SpaceMember.Role.EDITOR:
        _keep_an_editor(space, leaving=collectivite)
    member.delete()
    DraftApproval.objects.filter(draft__space=space, collectivite=collectivite).delete()
    remove_perm(READ, collectivite.group, space)
    remove_perm(EDIT, collectivite.group, space)
    _tell_open_sockets(space)
    audit_record(actor=actor, action="space.member_removed", obj=space, collectivite=collectivite)
    _settle_space_drafts(actor=actor, space=space)


# --- Drafts -----------------------------------------------------------------------------------

MAX_MARKDOWN = 1_000_000


def _check_markdown(markdown: str) -> None:
    if len(markdown) > MAX_MARKDOWN:
        raise ApplicationError(
            "Le texte est trop long.",
            extra={"fields": {"markdown": [f"{MAX_MARKDOWN} caractères au plus."]}},
        )


@transaction.atomic
def draft_create(*, actor: User, space: SpacePage, title: str, markdown: str = "") -> Draft:
    """Create a draft in a space; its initial text becomes the first snapshot."""
    require(actor, "edit", space)
    title = title.strip()
    if not title:
        raise _title_required()
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


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _live_text(draft_id: int) -> tuple[str, int]:
    """The draft's current text (snapshot + log) and the last seq it includes."""
    doc, seq = store.load_document(draft_id)
    return store.document_text(doc), seq


def _locked(draft: Draft) -> Draft:
    """The draft's row, locked until commit: no update can be appended meanwhile."""
    return Draft.objects.select_for_update().select_related("space").get(pk=draft.pk)


def _set_status(*, actor: User | None, draft: Draft, status: str, reason: str) -> None:
    previous = draft.status
    if previous == status:
        return
    Draft.objects.filter(pk=draft.pk).update(status=status)
    draft.status = status
    if status == Draft.Status.PUBLISHED:  # final: editors' open sockets become read-only
        transaction.on_commit(lambda: access_changed([draft.pk]), robust=True)
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


def _settle_status(*, actor: User | None, draft: Draft, sha256: str) -> None:
    """``approved`` exactly when every editor collectivité signed the current text."""
    complete = _approval_complete(draft, sha256)
    if complete and draft.status in (Draft.Status.WRITING, Draft.Status.REVIEW):
        _set_status(actor=actor, draft=draft, status=Draft.Status.APPROVED, reason="approvals")
    elif not complete and draft.status == Draft.Status.APPROVED:
        _set_status(actor=actor, draft=draft, status=Draft.Status.REVIEW, reason="approvals")


def _settle_space_drafts(*, actor: User, space: SpacePage) -> None:
    for draft in Draft.objects.select_for_update().filter(
        space=space, status__in=[Draft.Status.WRITING, Draft.Status.REVIEW, Draft.Status.APPROVED]
    ):
        text, _seq = _live_text(draft.pk)
        _settle_status(actor=actor, draft=draft, sha256=content_sha256(text))


UNCHANGED = object()


@transaction.atomic
def draft_patch(
    *, actor: User, draft: Draft, tender: models.Model | object | None = UNCHANGED, **fields
) -> Draft:
    """One request, one outcome: the tender link and a title or status change are made
    together or not at all (a refused status change must not leave the link made)."""
    if tender is not UNCHANGED:
        draft = draft_link_tender(actor=actor, draft=draft, tender=tender)
    if fields:
        draft = draft_update(actor=actor, draft=draft, **fields)
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
    draft = _locked(draft)
    if title is not None:
        title = title.strip()
        if not title:
            raise _title_required()
        if title != draft.title:
            Draft.objects.filter(pk=draft.pk).update(
                title=title[:200], updated_by=actor, updated_at=timezone.now()
            )
            audit_record(
                actor=actor, action="draft.renamed", obj=draft, details={"title": title[:200]}
            )
            draft.title = title[:200]
    if status is not None and status != draft.status:
        _check_transition(draft.status, status)
        _set_status(actor=actor, draft=draft, status=status, reason="editor")
    draft.refresh_from_db()
    return draft


def _check_transition(current: str, target: str) -> None:
    S = Draft.Status
    if target not in S.values:
        raise ApplicationError("Statut inconnu.", extra={"fields": {"status": ["Invalide."]}})
    if current == S.PUBLISHED:
        raise ConflictError("Un brouillon publié ne change plus de statut.")
    if target == S.APPROVED:
        raise ConflictError(
            "Un brouillon est approuvé quand toutes les collectivités rédactrices l'ont approuvé."
        )
    if target == S.PUBLISHED and current != S.APPROVED:
        raise ConflictError("Seul un brouillon approuvé peut être publié.")


# --- Approvals --------------------------------------------------------------------------------


def _approving_collectivite(
    *, actor: User, draft: Draft, collectivite_id: int | None
) -> Collectivite:
    """The editor collectivité the actor signs for: named, or the only one they belong to."""
    editors = {
        m.collectivite_id: m.collectivite
        for m in SpaceMember.objects.filter(
            space_id=draft.space_id, role=SpaceMember.Role.EDITOR
        ).select_related("collectivite")
    }
    if actor.is_superuser:
        mine = dict(editors)
    else:
        member_of = set(
            actor.memberships.filter(collectivite_id__in=editors).values_list(
                "collectivite_id", flat=True
            )
        )
        mine = {pk: c for pk, c in editors.items() if pk in member_of}
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
    the agent has in front of them) the approval is refused if the live text differs, so nobody
    signs off on words they have not seen.
    """
    require(actor, "approve", draft)
    draft = _locked(draft)
    if draft.status == Draft.Status.PUBLISHED:
        raise ConflictError("Ce brouillon est publié.")
    collectivite = _approving_collectivite(
        actor=actor, draft=draft, collectivite_id=collectivite_id
    )
    text, seq = _live_text(draft.pk)
    sha256 = content_sha256(text)
    if expected_sha256 is not None and expected_sha256 != sha256:
        raise ConflictError(
            "Le texte a changé depuis que vous l'avez relu : relisez-le avant d'approuver.",
            extra={"content_sha256": sha256},
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
    _settle_status(actor=actor, draft=draft, sha256=sha256)
    return approval


@transaction.atomic
def draft_approval_withdraw(*, actor: User, draft: Draft, collectivite_id: int) -> None:
    """A collectivité takes back its approval (through one of its agents)."""
    require(actor, "approve", draft)
    draft = _locked(draft)
    if draft.status == Draft.Status.PUBLISHED:
        raise ConflictError("Ce brouillon est publié.")
    approval = (
        DraftApproval.objects.filter(draft=draft, collectivite_id=collectivite_id)
        .select_related("collectivite")
        .first()
    )
    if approval is None:
        raise NotFoundError("Aucune approbation de cette collectivité.")
    if (
        not actor.is_superuser
        and not actor.memberships.filter(collectivite_id=collectivite_id).exists()
    ):
        raise PermissionDeniedError("Vous n'agissez pas pour cette collectivité.")
    approval.delete()
    audit_record(
        actor=actor,
        action="draft.approval_withdrawn",
        obj=draft,
        collectivite=approval.collectivite,
        details={"seq": approval.seq, "content_sha256": approval.content_sha256},
    )
    text, _seq = _live_text(draft.pk)
    _settle_status(actor=actor, draft=draft, sha256=content_sha256(text))


# --- Named versions ---------------------------------------------------------------------------


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
    draft = _locked(draft)
    text, seq = _live_text(draft.pk)
    return _save_version(actor=actor, draft=draft, label=label, text=text, seq=seq)


@transaction.atomic
def draft_version_restore(*, actor: User, draft: Draft, number: int) -> DraftVersion | None:
    """Make a version's text the current text again, as an edit every client receives live.

    Users expect not to lose work: unless the current text is already kept in some version,
    it is saved first as "Avant restauration de vN". Returns that automatic version, if any.
    """
    require(actor, "edit", draft)
    draft = _locked(draft)
    version = draft.versions.filter(number=number).first()
    if version is None:
        raise NotFoundError("Version introuvable.")
    text, seq = _live_text(draft.pk)
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


# --- Comments ---------------------------------------------------------------------------------

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
    comment = _thread(actor=actor, comment=comment)
    if comment.resolved_at is not None:
        comment.resolved_at, comment.resolved_by = None, None
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def draft_link_tender(*, actor: User, draft: Draft, tender: models.Model | None) -> Draft:
    """Say which consultation this draft specifies (or none): editors, a tender they can see.

    The tender is passed in, already looked up by the caller: drafting spaces do not depend on
    the tender room, the tender room depends on them (a DCE piece exported from a draft).
    """
    require(actor, "curate", draft)
    if tender is not None:
        require(actor, "view", tender)
    Draft.objects.filter(pk=draft.pk).update(tender=tender)
    audit_record(
        actor=actor,
        action="draft.tender_linked",
        obj=draft,
        details={"tender": tender.pk if tender is not None else None},
    )
    draft.tender = tender
    return draft
