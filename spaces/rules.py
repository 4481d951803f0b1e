"""Who may read, edit and manage drafting spaces and their drafts.

Reading and editing are object permissions (``read_space``, ``edit_space``) that the services
grant to the groups of a space's member collectivités: editors get both, readers only
``read_space``. Animators, who moderate the whole network, read every space and manage its
membership. A draft follows its space. Every role question of the spaces services is a rule
here, including two asked about a collectivité: may the user found a space with it as an
editor (``create_space_for``), may they sign drafts in its name (``approve_draft_for``).
"""

from django.db.models import QuerySet

from collectivites.models import Collectivite, Membership
from collectivites.permissions import AnyUser, guardian_rule, is_animator, register_rule

from .models import Draft, SpacePage

_read_check, _read_filter = guardian_rule("spaces.read_space")
_edit_check, _edit_filter = guardian_rule("spaces.edit_space")


def _view_space(user: AnyUser, space: SpacePage) -> bool:
    return is_animator(user) or _read_check(user, space)


def _filter_view_spaces(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else _read_filter(user, queryset)


def _is_referent(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user=user, role=Membership.Role.REFERENT).exists()
    )


def _create_space(user: AnyUser, _space: SpacePage | None) -> bool:
    return is_animator(user) or _is_referent(user)


def _filter_create_space(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if _create_space(user, None) else queryset.none()


def _manage_space(user: AnyUser, space: SpacePage) -> bool:
    """Animators, and referents of an editor collectivité of the space."""
    if is_animator(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return space.members.filter(
        role="editor",
        collectivite__memberships__user=user,
        collectivite__memberships__role=Membership.Role.REFERENT,
    ).exists()


def _filter_manage_spaces(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(
        members__role="editor",
        members__collectivite__memberships__user=user,
        members__collectivite__memberships__role=Membership.Role.REFERENT,
    ).distinct()


register_rule(SpacePage, "view", check=_view_space, filter=_filter_view_spaces)
register_rule(SpacePage, "edit", check=_edit_check, filter=_edit_filter)
register_rule(SpacePage, "create", check=_create_space, filter=_filter_create_space)
register_rule(SpacePage, "manage", check=_manage_space, filter=_filter_manage_spaces)


def _draft_rule(space_check, space_filter):
    def check(user: AnyUser, draft: Draft) -> bool:
        return space_check(user, draft.space)

    def filter_(user: AnyUser, queryset: QuerySet) -> QuerySet:
        spaces = space_filter(user, SpacePage.objects.all())
        return queryset.filter(space__in=spaces.values("pk"))

    return check, filter_


# A draft follows its space: read with "view", write with "edit". Comments are reached
# through their draft, so they need no rule of their own.
_view_draft_check, _view_draft_filter = _draft_rule(_view_space, _filter_view_spaces)
_editor_check, _editor_filter = _draft_rule(_edit_check, _edit_filter)


def _edit_draft_check(user: AnyUser, draft: Draft) -> bool:
    """Editors of the space, while the draft is not published: a published text is final
    (over the socket too, where editors then get the readers' treatment)."""
    return draft.status != Draft.Status.PUBLISHED and _editor_check(user, draft)


def _edit_draft_filter(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return _editor_filter(user, queryset).exclude(status=Draft.Status.PUBLISHED)


register_rule(Draft, "view", check=_view_draft_check, filter=_view_draft_filter)
# Search finds what one may read; the filter is already the one a search backend can apply
# (``space__in`` an id subquery, on the ``space`` filter field of ``Draft.search_fields``).
register_rule(Draft, "search", check=_view_draft_check, filter=_view_draft_filter)
register_rule(Draft, "edit", check=_edit_draft_check, filter=_edit_draft_filter)
# Editors of the space, published draft or not, for what leaves the text as it is: naming a
# version (a snapshot), saying which consultation the draft specifies.
register_rule(Draft, "curate", check=_editor_check, filter=_editor_filter)


def _approve_draft(user: AnyUser, draft: Draft) -> bool:
    """Agents of an editor collectivité sign off for it; animators moderate but never sign."""
    if not user.is_authenticated or not user.is_active:
        return False
    return draft.space.members.filter(role="editor", collectivite__memberships__user=user).exists()


def _filter_approve_drafts(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(
        space__members__role="editor",
        space__members__collectivite__memberships__user=user,
    ).distinct()


register_rule(Draft, "approve", check=_approve_draft, filter=_filter_approve_drafts)


# --- Acting for a collectivité --------------------------------------------------------------


def _active(user: AnyUser) -> bool:
    return user.is_authenticated and user.is_active


def _create_space_for(user: AnyUser, collectivite: Collectivite) -> bool:
    """Animators found a space for any collectivités; a referent, one their own collectivité
    writes in (else they could not see, let alone manage, what they created)."""
    if is_animator(user):
        return True
    return (
        _active(user)
        and Membership.objects.filter(
            user=user, collectivite=collectivite, role=Membership.Role.REFERENT
        ).exists()
    )


def _filter_create_space_for(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    if not _active(user):
        return queryset.none()
    return queryset.filter(
        memberships__user=user, memberships__role=Membership.Role.REFERENT
    ).distinct()


def _approve_draft_for(user: AnyUser, collectivite: Collectivite) -> bool:
    """Its agents and referents sign drafts in a collectivité's name (animators as such do not)."""
    return _active(user) and collectivite.memberships.filter(user=user).exists()


def _filter_approve_draft_for(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not _active(user):
        return queryset.none()
    return queryset.filter(memberships__user=user).distinct()


register_rule(
    Collectivite, "create_space_for", check=_create_space_for, filter=_filter_create_space_for
)
register_rule(
    Collectivite, "approve_draft_for", check=_approve_draft_for, filter=_filter_approve_draft_for
)
