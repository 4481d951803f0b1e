"""Reads on collectivités and people, already filtered by the permission layer."""

from django.db.models import Prefetch, QuerySet

from .errors import NotFoundError
from .models import AuditEvent, Collectivite, Invitation, Membership, User
from .permissions import AnyUser, platform_roles, visible_to
from .roles import PlatformRole


def collectivite_list(*, actor: AnyUser) -> QuerySet[Collectivite]:
    return visible_to(actor, "view", Collectivite.objects.all())


def collectivite_get(*, actor: AnyUser, pk: int) -> Collectivite:
    collectivite = collectivite_list(actor=actor).filter(pk=pk).first()
    if collectivite is None:
        raise NotFoundError("Collectivité introuvable.")
    return collectivite


def membership_list_for_collectivite(
    *, actor: AnyUser, collectivite_pk: int
) -> QuerySet[Membership]:
    """The members of a collectivité; only its members, animators and superusers see them.

    Reading the member list is a read: refused, it answers 404 like a missing collectivité.
    """
    visible = visible_to(actor, "view_members", collectivite_list(actor=actor))
    if not visible.filter(pk=collectivite_pk).exists():
        raise NotFoundError("Ressource introuvable.")
    return (
        Membership.objects.filter(collectivite_id=collectivite_pk)
        .select_related("user", "collectivite")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def user_profile(*, user: User) -> User:
    """The user with memberships, pending invitations and their collectivités loaded in three
    queries."""
    return (
        User.objects.select_related("company")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("collectivite").order_by(
                    "collectivite__name"
                ),
            ),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.filter(accepted_at__isnull=True)
                .select_related("collectivite")
                .order_by("-created_at", "-id"),
                to_attr="pending_invitations",
            ),
        )
        .get(pk=user.pk)
    )


def invitation_get(*, actor: AnyUser, pk: int) -> Invitation:
    """A pending invitation of the actor's own; anyone else's is a 404."""
    invitation = (
        Invitation.objects.select_related("collectivite")
        .filter(pk=pk, user_id=actor.pk if actor.is_authenticated else None)
        .first()
    )
    if invitation is None:
        raise NotFoundError("Invitation introuvable.")
    return invitation


def user_platform_roles(*, user: User) -> list[PlatformRole]:
    return sorted(platform_roles(user))


def audit_event_list(*, actor: AnyUser) -> QuerySet[AuditEvent]:
    """The audit events this user may read, newest first."""
    return visible_to(actor, "view", AuditEvent.objects.select_related("collectivite"))
