"""Forums and people in every role of the permission matrix.

``private`` is restricted to Rennes (read and write), moderated by ``forum_mod``; ``network`` is
open to the members of any collectivité; ``public`` is read by anyone; ``elsewhere`` is another
forum, moderated by ``other_mod``. ``silenced`` is a Rennes agent silenced in ``private``.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from forums.models import Audience, Silence
from forums.services.forums import forum_create
from forums.services.posts import post_create, topic_create
from tests.factories import MembershipFactory, UserFactory

ROLES = ["anonymous", "member", "other_member", "silenced", "other_mod", "forum_mod", "animator"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def member(rennes):
    return MembershipFactory(collectivite=rennes, user=UserFactory(username="anne.legoff")).user


@pytest.fixture
def other_member(brest):
    return MembershipFactory(collectivite=brest, user=UserFactory(username="yann.kerbrat")).user


@pytest.fixture
def forum_mod(rennes):
    return MembershipFactory(collectivite=rennes, user=UserFactory(username="modo")).user


@pytest.fixture
def other_mod(brest):
    return MembershipFactory(collectivite=brest, user=UserFactory(username="autre.modo")).user


@pytest.fixture
def silenced(rennes, private, animator):
    user = MembershipFactory(collectivite=rennes, user=UserFactory(username="muet")).user
    Silence.objects.create(
        user=user,
        forum=private,
        reason="Insultes",
        until=timezone.now() + timedelta(days=1),
        created_by=animator,
    )
    return user


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def private(animator, rennes, forum_mod):
    return forum_create(
        actor=animator,
        title="Groupement voirie",
        visibility=Audience.RESTRICTED,
        posting=Audience.RESTRICTED,
        readers=[rennes],
        posters=[rennes],
        moderators=[forum_mod],
    )


@pytest.fixture
def network(animator, forum_mod):
    return forum_create(actor=animator, title="Marchés publics — entraide", moderators=[forum_mod])


@pytest.fixture
def public(animator, forum_mod):
    return forum_create(
        actor=animator, title="Accueil", visibility=Audience.PUBLIC, moderators=[forum_mod]
    )


@pytest.fixture
def elsewhere(animator, other_mod):
    return forum_create(actor=animator, title="Actes et Hélios", moderators=[other_mod])


@pytest.fixture
def topic(private, member):
    return topic_create(
        actor=member, forum=private, title="Enrobés : quel CCTP ?", body="Qui a un modèle ?"
    )


@pytest.fixture
def reply(topic, forum_mod):
    return post_create(actor=forum_mod, topic=topic, body="Voir le modèle du groupement.")


@pytest.fixture
def as_user(request):
    def get(role: str):
        return request.getfixturevalue(role)

    return get
