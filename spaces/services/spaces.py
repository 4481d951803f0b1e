"""Writes on drafting spaces and their member collectivités.

A space's membership and the object permissions of its collectivités' groups change together,
in one transaction: ``SpaceMember`` says who is in, the guardian rows are what the permission
layer reads. The set of editor collectivités is what "approved" is measured against, so
changing it settles the status of the space's drafts again.
"""

from django.db import transaction
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
from collectivites.models import Collectivite, User
from collectivites.permissions import require, user_can, user_can_create

from ..models import Draft, DraftApproval, SpaceIndexPage, SpaceMember, SpacePage
from ._common import collectivite_of, settle_space_drafts, tell_open_sockets, title_required

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
    members: list[tuple[Collectivite | int, str]] = (),
) -> SpacePage:
    """Create a space (animators and referents) with its member collectivités and roles.

    A space needs at least one editor collectivité: without one nobody could write in it. A
    referent's space is one their own collectivité writes in (rule ``create_space_for``):
    otherwise they could not see, let alone manage, what they created.
    """
    if not user_can_create(actor, SpacePage):
        raise PermissionDeniedError("Seuls les animateurs et les référents créent des espaces.")
    if not title.strip():
        raise title_required()
    members = [(collectivite_of(collectivite), role) for collectivite, role in members]
    listed = [collectivite.pk for collectivite, _role in members]
    if len(set(listed)) != len(listed):
        raise ApplicationError(
            "Une collectivité figure deux fois parmi les membres.",
            extra={"fields": {"members": ["Chaque collectivité une seule fois."]}},
        )
    editors = [collectivite for collectivite, role in members if role == SpaceMember.Role.EDITOR]
    if not editors:
        raise ApplicationError(
            "Un espace a au moins une collectivité rédactrice.",
            extra={"fields": {"members": ["Au moins une collectivité « editor »."]}},
        )
    if not any(user_can(actor, "create_space_for", collectivite) for collectivite in editors):
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
    *, actor: User, space: SpacePage, collectivite: Collectivite | int, role: str
) -> SpaceMember:
    """Add a collectivité to a space or change its role (``editor`` or ``reader``): managers.

    A new editor has not signed yet, so the space's drafts are settled again.
    """
    require(actor, "manage", space)
    collectivite = collectivite_of(collectivite)
    current = SpaceMember.objects.filter(space=space, collectivite=collectivite).first()
    if current is not None and current.role == SpaceMember.Role.EDITOR != role:
        _keep_an_editor(space, leaving=collectivite)
    member = _member_set(actor=actor, space=space, collectivite=collectivite, role=role)
    if current is None or current.role != role:
        settle_space_drafts(actor=actor, space=space)
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
    _tell_space_sockets(space)
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


def _tell_space_sockets(space: SpacePage) -> None:
    tell_open_sockets(list(Draft.objects.filter(space=space).values_list("pk", flat=True)))


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
def space_member_remove(*, actor: User, space: SpacePage, collectivite: Collectivite | int) -> None:
    """Take a collectivité out of a space (its approvals go with it): managers."""
    require(actor, "manage", space)
    collectivite = collectivite_of(collectivite)
    member = SpaceMember.objects.filter(space=space, collectivite=collectivite).first()
    if member is None:
        raise NotFoundError("Cette collectivité n'est pas membre de l'espace.")
    if member.role == SpaceMember.Role.EDITOR:
        _keep_an_editor(space, leaving=collectivite)
    member.delete()
    DraftApproval.objects.filter(draft__space=space, collectivite=collectivite).delete()
    remove_perm(READ, collectivite.group, space)
    remove_perm(EDIT, collectivite.group, space)
    _tell_space_sockets(space)
    audit_record(actor=actor, action="space.member_removed", obj=space, collectivite=collectivite)
    settle_space_drafts(actor=actor, space=space)
