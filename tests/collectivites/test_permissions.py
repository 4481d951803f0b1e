"""The permission layer answers the same through its check and its queryset, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from collectivites import permissions
from collectivites.models import Collectivite
from collectivites.services import collectivite_update

from ..factories import MembershipFactory

ROLES = [
    "anonymous",
    "company_user",
    "outsider",
    "moderator",
    "agent",
    "referent",
    "animator",
    "superuser",
]

EXPECTED = {
    #                  view   view_members  manage_members
    "anonymous": (True, False, False),
    "company_user": (True, False, False),
    "outsider": (True, False, False),
    "moderator": (True, False, False),
    "agent": (True, True, False),
    "referent": (True, True, True),
    "animator": (True, True, True),
    "superuser": (True, True, True),
}


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_a_collectivite(request, role, rennes):
    user = _user(request, role)
    for action, expected in zip(
        ("view", "view_members", "manage_members"), EXPECTED[role], strict=True
    ):
        assert permissions.user_can(user, action, rennes) is expected, action
        visible = permissions.visible_to(user, action, Collectivite.objects.filter(pk=rennes.pk))
        assert visible.exists() is expected, action


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_inactive_collectivites_are_visible_to_animators_only(request, role, rennes):
    user = _user(request, role)
    collectivite_update(actor=None, collectivite=rennes, is_active=False)
    expected = role in {"animator", "superuser"}
    assert permissions.user_can(user, "view", rennes) is expected
    rennes_only = Collectivite.objects.filter(pk=rennes.pk)
    assert permissions.visible_to(user, "view", rennes_only).exists() is expected


@pytest.mark.django_db
def test_membership_of_one_collectivite_gives_nothing_on_another(agent, rennes, brest):
    assert permissions.user_can(agent, "view_members", rennes)
    assert not permissions.user_can(agent, "view_members", brest)
    visible = permissions.visible_to(agent, "view_members", Collectivite.objects.all())
    assert list(visible) == [rennes]


@pytest.mark.django_db
def test_a_deactivated_account_loses_its_object_permissions(agent, rennes):
    agent.is_active = False
    agent.save()
    assert not permissions.user_can(agent, "view_members", rennes)
    assert not permissions.visible_to(agent, "view_members", Collectivite.objects.all()).exists()


@pytest.mark.django_db
def test_object_permissions_are_held_by_the_collectivite_group_not_by_users(agent, rennes):
    from guardian.models import UserObjectPermission

    from collectivites.models import CollectiviteGroupObjectPermission

    assert not UserObjectPermission.objects.exists()
    assert CollectiviteGroupObjectPermission.objects.filter(
        group=rennes.group, content_object=rennes, permission__codename="view_members"
    ).exists()


@pytest.mark.django_db
def test_the_visible_queryset_is_one_query_whatever_the_number_of_collectivites(
    django_assert_num_queries, agent
):
    for _ in range(5):
        MembershipFactory(user=agent)
    agent = type(agent).objects.get(pk=agent.pk)
    with django_assert_num_queries(2):  # the user's role groups, then one filtered query
        ids = list(permissions.visible_to(agent, "view_members", Collectivite.objects.all()))
    assert len(ids) == 6


@pytest.mark.django_db
def test_require_answers_404_when_the_object_is_not_visible_and_403_otherwise(
    agent, outsider, rennes
):
    from collectivites.errors import NotFoundError, PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        permissions.require(agent, "manage_members", rennes, view_action="view_members")
    with pytest.raises(NotFoundError):
        permissions.require(outsider, "manage_members", rennes, view_action="view_members")


def test_an_action_without_a_rule_is_a_programming_error():
    with pytest.raises(LookupError):
        permissions.user_can(AnonymousUser(), "launch_rocket", Collectivite(name="x"))
