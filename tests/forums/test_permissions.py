"""The permission matrix of the forums: who reads, posts, reports and moderates, and the
check of every rule agreeing with its database filter for every role and object."""

from contextlib import nullcontext

import pytest

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.permissions import facts_for_one_request, user_can, visible_to
from forums.models import ForumPage, ModerationAction, Post, Report, Topic
from forums.rules import posts_visible_in
from forums.services import moderation, reports
from forums.services.posts import post_create, topic_create
from tests.factories import MembershipFactory, UserFactory

from .conftest import ROLES

pytestmark = pytest.mark.django_db

# role: (read, post, report, moderate) in the private forum of Rennes
PRIVATE = {
    "anonymous": (False, False, False, False),
    "member": (True, True, True, False),
    "other_member": (False, False, False, False),
    "silenced": (True, False, True, False),
    "other_mod": (False, False, False, False),
    "forum_mod": (True, True, True, True),
    "animator": (True, True, True, True),
}
# the same in the network forum
NETWORK = {
    "anonymous": (False, False, False, False),
    "member": (True, True, True, False),
    "other_member": (True, True, True, False),
    "silenced": (True, True, True, False),  # silenced in the private forum only
    "other_mod": (True, True, True, False),
    "forum_mod": (True, True, True, True),
    "animator": (True, True, True, True),
}


@pytest.fixture
def writer(rennes):
    return MembershipFactory(collectivite=rennes, user=UserFactory(username="redacteur")).user


@pytest.fixture
def world(private, network, public, elsewhere, topic, writer, silenced):
    target = post_create(actor=writer, topic=topic, body="Un avis.")
    net_topic = topic_create(actor=writer, forum=network, title="MAPA", body="Question ?")
    net_reply = post_create(actor=writer, topic=net_topic, body="Réponse.")
    return {"private": (private, topic, target), "network": (network, net_topic, net_reply)}


def _can_act(user, forum, topic, post):
    return (
        user_can(user, "view", forum) and user_can(user, "view", topic),
        user_can(user, "post", forum) and user_can(user, "reply", topic),
        user_can(user, "report", post),
        user_can(user, "moderate", forum) and user_can(user, "moderate", post),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("where", ["private", "network"])
def test_matrix(role, where, as_user, world):
    user = as_user(role)
    expected = (PRIVATE if where == "private" else NETWORK)[role]
    assert _can_act(user, *world[where]) == expected


@pytest.mark.parametrize("role", ROLES)
def test_public_forums_are_read_by_anyone_and_written_by_people_signed_in(role, as_user, public):
    user = as_user(role)
    assert user_can(user, "view", public)
    assert user_can(user, "post", public) == (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_posting_through_the_service_follows_the_matrix(role, as_user, world):
    user = as_user(role)
    _forum, topic, _post = world["private"]
    read, post, _report, _moderate = PRIVATE[role]
    if post:
        post_create(actor=user, topic=topic, body="Merci !")
        return
    with pytest.raises(PermissionDeniedError if read else NotFoundError):
        post_create(actor=user, topic=topic, body="Merci !")
    assert not Post.objects.filter(body="Merci !").exists()


@pytest.mark.parametrize("role", ROLES)
def test_reporting_through_the_service_follows_the_matrix(role, as_user, world):
    user = as_user(role)
    _forum, _topic, target = world["private"]
    read, _post, report, _moderate = PRIVATE[role]
    if report:
        reports.report_create(actor=user, post=target, reason="spam")
        return
    with pytest.raises(PermissionDeniedError if read else NotFoundError):
        reports.report_create(actor=user, post=target, reason="spam")
    assert not Report.objects.exists()


def _acts(world, user):
    forum, topic, post = world["private"]
    network = world["network"][0]
    why = {"reason": "Motif"}
    return {
        "hide": lambda: moderation.post_hide(actor=user, post=post, **why),
        "delete": lambda: moderation.post_delete(actor=user, post=post, **why),
        "lock": lambda: moderation.topic_lock(actor=user, topic=topic, **why),
        "pin": lambda: moderation.topic_pin(actor=user, topic=topic, **why),
        "close": lambda: moderation.topic_close(actor=user, topic=topic, conclusion="Vu.", **why),
        "slow_mode": lambda: moderation.topic_slow_mode(actor=user, topic=topic, seconds=60, **why),
        "move": lambda: moderation.topic_move(actor=user, topic=topic, forum=network, **why),
        "silence": lambda: moderation.silence_create(
            actor=user, user=post.author, forum=forum, duration_hours=2, **why
        ),
        "watch": lambda: moderation.watched_word_add(
            actor=user, forum=forum, word="arnaque", action="block", **why
        ),
    }


ACTS = ["hide", "delete", "lock", "pin", "close", "slow_mode", "move", "silence", "watch"]


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize("role", ROLES)
def test_each_moderation_act_is_for_the_forums_moderators(role, act, as_user, world):
    user = as_user(role)
    _read, _post, _report, moderate = PRIVATE[role]
    run = _acts(world, user)[act]
    if moderate:
        run()
        assert ModerationAction.objects.filter(reason="Motif").count() == 1
        return
    with pytest.raises((PermissionDeniedError, NotFoundError)):
        run()
    assert not ModerationAction.objects.filter(reason="Motif").exists()


def test_a_platform_wide_silence_is_for_animators(world, forum_mod, animator, writer):
    with pytest.raises(PermissionDeniedError):
        moderation.silence_create(actor=forum_mod, user=writer, reason="x", duration_hours=1)
    moderation.silence_create(actor=animator, user=writer, reason="Spam", duration_hours=1)
    network, net_topic, _ = world["network"]
    assert not user_can(writer, "post", network)
    assert not user_can(writer, "reply", net_topic)


@pytest.mark.parametrize("in_request", [False, True], ids=["afresh", "facts-remembered"])
@pytest.mark.parametrize("role", ROLES)
def test_every_check_agrees_with_its_filter(role, in_request, as_user, world, animator):
    """Also inside a request, where the rules remember what they read of the person."""
    with facts_for_one_request() if in_request else nullcontext():
        _checks_agree_with_filters(as_user(role), world, animator)


def _checks_agree_with_filters(user, world, animator):
    _forum, topic, target = world["private"]
    # States the filters must follow: a hidden post, a pending topic, a deleted post.
    hidden = post_create(actor=target.author, topic=topic, body="Bientôt masqué.")
    moderation.post_hide(actor=animator, post=hidden, reason="Test")
    gone = post_create(actor=target.author, topic=topic, body="Bientôt supprimé.")
    moderation.post_delete(actor=animator, post=gone, reason="Test")
    moderation.topic_lock(actor=animator, topic=world["network"][1], reason="Test")
    rules = {
        ForumPage: ["view", "post", "moderate"],
        Topic: ["view", "reply", "answer", "moderate"],
        Post: ["view", "report", "edit", "moderate"],
        ModerationAction: ["view"],
    }
    for model, actions in rules.items():
        objects = list(model.objects.all())
        assert objects
        for action in actions:
            allowed = set(
                visible_to(user, action, model.objects.all()).values_list("pk", flat=True)
            )
            checked = {obj.pk for obj in objects if user_can(user, action, obj)}
            assert allowed == checked, (model.__name__, action)
    # A topic's page reads its posts through the rule's per-topic form: the same posts.
    for topic in Topic.objects.select_related("forum"):
        per_topic = set(posts_visible_in(user, topic).values_list("pk", flat=True))
        filtered = visible_to(user, "view", Post.objects.filter(topic=topic))
        assert per_topic == set(filtered.values_list("pk", flat=True)), topic.title
