"""Reads on spaces and drafts for a user (``actor``), filtered by the permission layer, in a
bounded number of queries. A draft's parts (versions, comments, diff) are read through the draft:
whoever may not read it gets a 404 for them too."""

import difflib
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from collectivites.errors import ApplicationError, NotFoundError
from collectivites.models import Collectivite, Membership
from collectivites.permissions import AnyUser, require, user_can, visible_to

from .coedit import store
from .models import Draft, DraftApproval, DraftComment, DraftVersion, SpaceMember, SpacePage
from .services import content_sha256


def space_list(*, actor: AnyUser) -> QuerySet[SpacePage]:
    """Spaces the actor may read, with members (and their collectivités) and a draft count."""
    members = SpaceMember.objects.select_related("collectivite")
    return (
        visible_to(actor, "view", SpacePage.objects.all())
        .annotate(draft_count=Count("drafts", distinct=True))
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("title", "pk")
    )


def space_get(*, actor: AnyUser, pk: int) -> SpacePage:
    space = space_list(actor=actor).filter(pk=pk).first()
    if space is None:
        raise NotFoundError("Ressource introuvable.")
    return space


@dataclass(frozen=True)
class SpaceViewer:
    """What a list of spaces needs to know about the user, read once for the whole page."""

    collectivite_ids: frozenset[int]
    managed_space_ids: frozenset[int]

    def role_in(self, space: SpacePage) -> str | None:
        roles = {m.role for m in space.members.all() if m.collectivite_id in self.collectivite_ids}
        if SpaceMember.Role.EDITOR in roles:
            return SpaceMember.Role.EDITOR
        return SpaceMember.Role.READER if roles else None

    def can_manage(self, space: SpacePage) -> bool:
        return space.pk in self.managed_space_ids


def space_viewer(*, actor: AnyUser, spaces: list[SpacePage]) -> SpaceViewer:
    if not actor.is_authenticated:
        return SpaceViewer(frozenset(), frozenset())
    ids = [space.pk for space in spaces]
    managed = visible_to(actor, "manage", SpacePage.objects.filter(pk__in=ids))
    return SpaceViewer(
        collectivite_ids=frozenset(
            Membership.objects.filter(user=actor).values_list("collectivite_id", flat=True)
        ),
        managed_space_ids=frozenset(managed.values_list("pk", flat=True)),
    )


def draft_list(*, actor: AnyUser, space_id: int | None = None) -> QuerySet[Draft]:
    drafts = visible_to(actor, "view", Draft.objects.select_related("updated_by"))
    if space_id is not None:
        drafts = drafts.filter(space_id=space_id)
    return drafts.order_by("-updated_at", "-id")


def draft_get(*, actor: AnyUser, pk: int) -> Draft:
    """A draft the actor may read (404 otherwise), its space loaded."""
    draft = Draft.objects.select_related("space", "created_by", "updated_by").filter(pk=pk).first()
    if draft is None:
        raise NotFoundError("Ressource introuvable.")
    require(actor, "view", draft)
    return draft


def draft_live(*, draft: Draft) -> Draft:
    """The draft with ``markdown``/``html`` equal to the live text.

    Folding pending updates into the snapshot is cheap and keeps "markdown as last stored"
    true for every reader (REST, search, exports).
    """
    if draft.last_seq > draft.snapshot_seq:
        compacted = store.compact(draft.pk)
        draft.markdown, draft.html = compacted.markdown, compacted.html
        draft.snapshot_seq = compacted.snapshot_seq
    return draft


@dataclass(frozen=True)
class ApprovalState:
    approval: DraftApproval
    current: bool


def _approvals(draft: Draft) -> list[ApprovalState]:
    """Approvals of current editor collectivités; ``current`` if they signed the live text.

    Call on a live draft (``draft_live``): its ``markdown`` is the text approvals are held to.
    """
    sha256 = content_sha256(draft.markdown)
    approvals = (
        DraftApproval.objects.filter(
            draft=draft,
            collectivite__space_memberships__space_id=draft.space_id,
            collectivite__space_memberships__role=SpaceMember.Role.EDITOR,
        )
        .select_related("collectivite", "approved_by")
        .order_by("collectivite__search_name")
    )
    return [ApprovalState(a, a.content_sha256 == sha256) for a in approvals]


@dataclass(frozen=True)
class DraftDetail:
    """A draft as its page needs it: the live text, what the actor may do, who signed."""

    draft: Draft
    can_edit: bool
    can_approve: bool
    approvals: list[ApprovalState]
    editors: list[Collectivite]


def draft_detail(*, actor: AnyUser, pk: int) -> DraftDetail:
    """The draft (live text) with the actor's capabilities, for the UI to offer only those."""
    draft = draft_live(draft=draft_get(actor=actor, pk=pk))
    editors = SpaceMember.objects.filter(
        space_id=draft.space_id, role=SpaceMember.Role.EDITOR
    ).select_related("collectivite")
    return DraftDetail(
        draft=draft,
        can_edit=user_can(actor, "edit", draft),
        can_approve=draft.status != Draft.Status.PUBLISHED and user_can(actor, "approve", draft),
        approvals=_approvals(draft),
        editors=[member.collectivite for member in editors],
    )


def draft_version_list(*, actor: AnyUser, draft: Draft) -> QuerySet[DraftVersion]:
    require(actor, "view", draft)
    return draft.versions.select_related("created_by").order_by("-number")


def draft_version_get(*, actor: AnyUser, draft: Draft, number: int) -> DraftVersion:
    version = draft_version_list(actor=actor, draft=draft).filter(number=number).first()
    if version is None:
        raise NotFoundError("Version introuvable.")
    return version


def draft_comment_list(*, actor: AnyUser, draft: Draft) -> QuerySet[DraftComment]:
    require(actor, "view", draft)
    return draft.comments.select_related("author", "resolved_by").order_by("created_at", "id")


def draft_comment_get(*, actor: AnyUser, draft: Draft, pk: int) -> DraftComment:
    comment = draft_comment_list(actor=actor, draft=draft).filter(pk=pk).first()
    if comment is None:
        raise NotFoundError("Commentaire introuvable.")
    comment.draft = draft
    return comment


def drafts_with_pending_updates() -> QuerySet[Draft]:
    return Draft.objects.filter(last_seq__gt=F("snapshot_seq"))


# --- Diff -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass(frozen=True)
class DraftDiff:
    from_: str
    to: str
    unified: str
    lines: list[DiffLine]


CURRENT = "current"


def _side(actor: AnyUser, draft: Draft, which: str) -> tuple[str, str]:
    """(name, text) of a version number or of the live text."""
    if which == CURRENT:
        return CURRENT, draft_live(draft=draft).markdown
    try:
        number = int(which)
    except ValueError:
        raise ApplicationError(
            "Version invalide : un numéro ou « current ».",
            extra={"fields": {"version": [f"Invalide : {which[:40]}"]}},
        ) from None
    if not 0 < number < 2**31:
        raise NotFoundError("Version introuvable.")
    return str(number), draft_version_get(actor=actor, draft=draft, number=number).markdown


# Lines of one side times lines of the other: two 4 000-line texts at most (a long CCTP has
# under 2 000), which difflib compares in well under a second.
MAX_DIFF_LINE_PAIRS = 16_000_000


def draft_diff(*, actor: AnyUser, draft: Draft, from_: str, to: str = CURRENT) -> DraftDiff:
    """Line diff between two versions, or a version and the live text.

    ``unified`` is for people and patch tools; ``lines`` lists every line once with its
    operation (a replaced line is a delete then an insert), for a client to colour.
    """
    require(actor, "view", draft)
    from_name, a_text = _side(actor, draft, from_)
    to_name, b_text = _side(actor, draft, to)
    a, b = a_text.splitlines(), b_text.splitlines()
    if len(a) * len(b) > MAX_DIFF_LINE_PAIRS:
        raise ApplicationError(
            "Ces textes sont trop longs pour être comparés en ligne : exportez-les pour les "
            "comparer avec un outil de bureau."
        )
    label = {CURRENT: "actuel"}
    unified = "\n".join(
        difflib.unified_diff(
            a,
            b,
            fromfile=label.get(from_name, f"v{from_name}"),
            tofile=label.get(to_name, f"v{to_name}"),
            lineterm="",
        )
    )
    lines: list[DiffLine] = []
    # autojunk (difflib's default, as unified_diff uses): without it, a text of many identical
    # lines made any reader's diff request cost seconds to minutes (2.4 kB: 13 s).
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("equal", line) for line in a[i1:i2])
            continue
        if op in ("replace", "delete"):
            lines.extend(DiffLine("delete", line) for line in a[i1:i2])
        if op in ("replace", "insert"):
            lines.extend(DiffLine("insert", line) for line in b[j1:j2])
    return DraftDiff(from_=from_name, to=to_name, unified=unified, lines=lines)
