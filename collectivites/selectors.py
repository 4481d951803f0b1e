"""Reads on collectivités and people, already filtered by the permission layer."""

from django.db.models import Prefetch, QuerySet

from .models import AuditEvent, Collectivite, Membership, User
from .permissions import AnyUser, platform_roles, visible_to
from .roles import PlatformRole


def collectivite_list(*, user: AnyUser) -> QuerySet[Collectivite]:
    return visible_to(user, "view", Collectivite.objects.all())


def membership_list_for_collectivite(
    *, user: AnyUser, collectivite: Collectivite
) -> QuerySet[Membership]:
    """The members of a collectivité; only its members, animators and superusers see them."""
    visible = visible_to(user, "view_members", Collectivite.objects.filter(pk=collectivite.pk))
    return (
        Membership.objects.filter(collectivite__in=visible)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def user_profile(*, user: User) -> User:
    """The user with memberships and collectivités loaded in two queries."""
    return (
        User.objects.select_related("company")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("collectivite").order_by(
                    "collectivite__name"
                ),
            )
        )
        .get(pk=user.pk)
    )


def user_platform_roles(*, user: User) -> list[PlatformRole]:
    return sorted(platform_roles(user))


def audit_event_list(*, user: AnyUser) -> QuerySet[AuditEvent]:
    """The audit events this user may read, newest first."""
    return visible_to(user, "view", AuditEvent.objects.select_related("collectivite"))
