"""Each collectivité's auth group holds exactly its members."""

import pytest
from django.core.management import call_command

from collectivites.services import membership_delete

from ..factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_groups_follow_memberships(rennes, brest):
    user = UserFactory()
    first = MembershipFactory(user=user, collectivite=rennes)
    MembershipFactory(user=user, collectivite=brest)
    assert set(user.groups.values_list("pk", flat=True)) == {rennes.group_id, brest.group_id}
    membership_delete(actor=None, membership=first)
    assert set(user.groups.values_list("pk", flat=True)) == {brest.group_id}


@pytest.mark.django_db
def test_resync_repairs_groups_edited_by_hand(rennes, agent, capsys):
    stray = UserFactory()
    rennes.group.user_set.add(stray)
    agent.groups.remove(rennes.group)
    call_command("sync_collectivite_groups")
    assert set(rennes.group.user_set.all()) == {agent}
    assert "2" in capsys.readouterr().out
