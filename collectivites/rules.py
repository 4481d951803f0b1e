"""Who may see and manage collectivités and their members."""

from django.db.models import Q

from .models import Collectivite, Membership
from .permissions import guardian_rule, is_animator, register_rule


def _view_collectivite(user, collectivite: Collectivite) -> bool:
    return collectivite.is_active or is_animator(user)


def _filter_collectivites(user, queryset):
    return queryset if is_animator(user) else queryset.filter(is_active=True)


_members_check, _members_filter = guardian_rule("collectivites.view_members")


def _view_members(user, collectivite: Collectivite) -> bool:
    return is_animator(user) or _members_check(user, collectivite)


def _filter_view_members(user, queryset):
    return queryset if is_animator(user) else _members_filter(user, queryset)


def _manage_members(user, collectivite: Collectivite) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if is_animator(user):
        return True
    return Membership.objects.filter(
        user=user, collectivite=collectivite, role=Membership.Role.REFERENT
    ).exists()


def _filter_manage_members(user, queryset):
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_animator(user):
        return queryset
    return queryset.filter(
        Q(memberships__user=user) & Q(memberships__role=Membership.Role.REFERENT)
    ).distinct()


register_rule(Collectivite, "view", check=_view_collectivite, filter=_filter_collectivites)
register_rule(Collectivite, "view_members", check=_view_members, filter=_filter_view_members)
register_rule(Collectivite, "manage_members", check=_manage_members, filter=_filter_manage_members)
