"""Who may see and manage collectivités, their members and their audit trail.

The audit trail of a collectivité is read by those who manage it: its referents and animators.
"""

from django.db.models import Q, QuerySet

from .models import AuditEvent, Collectivite, Company, InboxNotification, Membership, User
from .permissions import AnyUser, guardian_rule, is_animator, register_rule


def _view_collectivite(user: AnyUser, collectivite: Collectivite) -> bool:
    return collectivite.is_active or is_animator(user)


def _filter_collectivites(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else queryset.filter(is_active=True)


_members_check, _members_filter = guardian_rule("collectivites.view_members")


def _view_members(user: AnyUser, collectivite: Collectivite) -> bool:
    return is_animator(user) or _members_check(user, collectivite)


def _filter_view_members(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else _members_filter(user, queryset)


def _manage_members(user: AnyUser, collectivite: Collectivite) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_animator(user):
        return True
    return Membership.objects.filter(
        user=user, collectivite=collectivite, role=Membership.Role.REFERENT
    ).exists()


def _filter_manage_members(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_animator(user):
        return queryset
    return queryset.filter(
        Q(memberships__user=user) & Q(memberships__role=Membership.Role.REFERENT)
    ).distinct()


def _buy(user: AnyUser, collectivite: Collectivite) -> bool:
    """Buys for the collectivité: starts and runs its consultations (the buyer capability)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(user=user, collectivite=collectivite, is_buyer=True).exists()


def _filter_buy(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(
        pk__in=Membership.objects.filter(user=user, is_buyer=True).values("collectivite_id")
    )


register_rule(Collectivite, "view", check=_view_collectivite, filter=_filter_collectivites)
register_rule(Collectivite, "buy", check=_buy, filter=_filter_buy)
register_rule(Collectivite, "view_members", check=_view_members, filter=_filter_view_members)
register_rule(Collectivite, "manage_members", check=_manage_members, filter=_filter_manage_members)


def _manage_collectivite(user: AnyUser, collectivite: Collectivite | None) -> bool:
    return is_animator(user)


def _filter_manage_collectivites(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset if is_animator(user) else queryset.none()


def _view_audit(user: AnyUser, event: AuditEvent) -> bool:
    if is_animator(user):
        return True
    if event.collectivite_id is None:
        return False
    return _manage_members(user, event.collectivite)


def _filter_view_audit(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if is_animator(user):
        return queryset
    managed = _filter_manage_members(user, Collectivite.objects.all())
    return queryset.filter(collectivite__in=managed.values("pk"))


# Registering and editing member bodies is the animators' job.
for _action in ("create", "manage"):
    register_rule(
        Collectivite, _action, check=_manage_collectivite, filter=_filter_manage_collectivites
    )
register_rule(AuditEvent, "view", check=_view_audit, filter=_filter_view_audit)


# Companies sign themselves up; recording one by hand is the animators' job.
register_rule(Company, "create", check=_manage_collectivite, filter=_filter_manage_collectivites)


def _nobody(user: AnyUser, obj: object) -> bool:
    return False


def _filter_nobody(user: AnyUser, queryset: QuerySet) -> QuerySet:
    return queryset.none()


# Platform roles (animator, moderator) are given by the platform's administrators: superusers.
register_rule(User, "manage_roles", check=_nobody, filter=_filter_nobody)


def _own_notification(user: AnyUser, notification: InboxNotification) -> bool:
    return user.is_authenticated and user.is_active and notification.user_id == user.pk


def _filter_own_notifications(user: AnyUser, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(user=user)


# A person's inbox is theirs alone, superusers included (they read it through the admin).
register_rule(
    InboxNotification,
    "view",
    check=_own_notification,
    filter=_filter_own_notifications,
    superusers=False,
)
