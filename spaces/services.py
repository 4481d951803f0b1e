"""Writes on drafting spaces and drafts.

A space's membership and the object permissions of its collectivités' groups change together,
in one transaction: ``SpaceMember`` says who is in, the guardian rows are what the permission
layer reads.
"""

from django.db import transaction
from django.utils.text import slugify
from guardian.shortcuts import assign_perm, remove_perm
from wagtail.models import Page

from collectivites.audit import audit_record
from collectivites.errors import ApplicationError, PermissionDeniedError
from collectivites.models import Collectivite, User
from collectivites.permissions import require, user_can_create

from .coedit.store import new_document
from .models import Draft, SpaceIndexPage, SpaceMember, SpacePage
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
    """Create a space (animators and referents) with its member collectivités and roles."""
    if not user_can_create(actor, SpacePage):
        raise PermissionDeniedError("Seuls les animateurs et les référents créent des espaces.")
    if not title.strip():
        raise ApplicationError(
            "Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}}
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
    """Add a collectivité to a space or change its role (``editor`` or ``reader``)."""
    require(actor, "manage", space)
    return _member_set(actor=actor, space=space, collectivite=collectivite, role=role)


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
    if role == SpaceMember.Role.EDITOR:
        assign_perm(EDIT, collectivite.group, space)
    else:
        remove_perm(EDIT, collectivite.group, space)
    audit_record(
        actor=actor,
        action="space.member_set",
        obj=space,
        collectivite=collectivite,
        details={"role": role},
    )
    return member


@transaction.atomic
def space_member_remove(*, actor: User, space: SpacePage, collectivite: Collectivite) -> None:
    require(actor, "manage", space)
    SpaceMember.objects.filter(space=space, collectivite=collectivite).delete()
    remove_perm(READ, collectivite.group, space)
    remove_perm(EDIT, collectivite.group, space)
    audit_record(actor=actor, action="space.member_removed", obj=space, collectivite=collectivite)


@transaction.atomic
def draft_create(*, actor: User, space: SpacePage, title: str, markdown: str = "") -> Draft:
    """Create a draft in a space; its initial text becomes the first snapshot."""
    require(actor, "edit", space)
    title = title.strip()
    if not title:
        raise ApplicationError(
            "Le titre est obligatoire.", extra={"fields": {"title": ["Requis."]}}
        )
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
