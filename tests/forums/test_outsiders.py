"""Every write of the forums enforces its own permission: the services are the layer.

Each service is called directly (no view in front of it) by an outsider, a signed-in user with
no membership and no platform role, on the private forum of Rennes. Every call is refused with
the right error (404 where the object is not even visible to them) and nothing is written.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import InboxNotification
from forums.models import (
    ForumPage,
    ModerationAction,
    Post,
    PostRevision,
    Report,
    Silence,
    Subscription,
    Topic,
    WatchedWord,
)
from forums.services import forums, moderation, posts, reports, subscriptions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLES = [
    ForumPage, Topic, Post, PostRevision, Report, Silence, Subscription, WatchedWord,
    ModerationAction, InboxNotification,
]  # fmt: skip


@pytest.fixture
def nobody(db):
    return UserFactory(username="personne")


@pytest.fixture
def world(private, topic, reply, member, forum_mod, animator, network):
    hidden = posts.post_create(actor=member, topic=topic, body="À masquer")
    moderation.post_hide(actor=forum_mod, post=hidden, reason="Test")
    silence = Silence.objects.create(
        user=member, forum=private, reason="x", until=timezone.now() + timedelta(days=1)
    )
    watched = WatchedWord.objects.create(forum=private, word="arnaque", action="block")
    return {
        "forum": private, "topic": topic, "reply": reply, "hidden": hidden, "member": member,
        "silence": silence, "watched": watched, "network": network,
    }  # fmt: skip


def _writes(w, actor):
    why = "Motif"
    return {
        "forum_create": lambda: forums.forum_create(actor=actor, title="Mon forum"),
        "topic_create": lambda: posts.topic_create(
            actor=actor, forum=w["forum"], title="t", body="b"
        ),
        "post_create": lambda: posts.post_create(actor=actor, topic=w["topic"], body="b"),
        "post_edit": lambda: posts.post_edit(actor=actor, post=w["reply"], body="b", reason=why),
        "topic_answer_set": lambda: posts.topic_answer_set(
            actor=actor, topic=w["topic"], post=w["reply"]
        ),
        "report_create": lambda: reports.report_create(actor=actor, post=w["reply"], reason="spam"),
        "post_hide": lambda: moderation.post_hide(actor=actor, post=w["reply"], reason=why),
        "post_restore": lambda: moderation.post_restore(actor=actor, post=w["hidden"], reason=why),
        "post_approve": lambda: moderation.post_approve(actor=actor, post=w["hidden"], reason=why),
        "post_delete": lambda: moderation.post_delete(actor=actor, post=w["reply"], reason=why),
        "topic_lock": lambda: moderation.topic_lock(actor=actor, topic=w["topic"], reason=why),
        "topic_pin": lambda: moderation.topic_pin(actor=actor, topic=w["topic"], reason=why),
        "topic_close": lambda: moderation.topic_close(
            actor=actor, topic=w["topic"], reason=why, conclusion="c"
        ),
        "topic_reopen": lambda: moderation.topic_reopen(actor=actor, topic=w["topic"], reason=why),
        "topic_slow_mode": lambda: moderation.topic_slow_mode(
            actor=actor, topic=w["topic"], reason=why, seconds=10
        ),
        "topic_move": lambda: moderation.topic_move(
            actor=actor, topic=w["topic"], reason=why, forum=w["network"]
        ),
        "silence_create_forum": lambda: moderation.silence_create(
            actor=actor, user=w["member"], reason=why, duration_hours=1, forum=w["forum"]
        ),
        "silence_create_platform": lambda: moderation.silence_create(
            actor=actor, user=w["member"], reason=why, duration_hours=1
        ),
        "silence_lift": lambda: moderation.silence_lift(
            actor=actor, silence=w["silence"], reason=why
        ),
        "watched_word_add": lambda: moderation.watched_word_add(
            actor=actor, forum=w["forum"], word="x", action="queue", reason=why
        ),
        "watched_word_remove": lambda: moderation.watched_word_remove(
            actor=actor, watched=w["watched"], reason=why
        ),
        "subscription_set_forum": lambda: subscriptions.subscription_set(
            actor=actor, forum=w["forum"]
        ),
        "subscription_set_topic": lambda: subscriptions.subscription_set(
            actor=actor, topic=w["topic"]
        ),
    }


SERVICES = sorted(_writes({}, None))


def _snapshot():
    return {model.__name__: model.objects.count() for model in TABLES} | {
        "post_states": list(Post.objects.order_by("pk").values_list("status", "body")),
        "topic_states": list(
            Topic.objects.order_by("pk").values_list("locked", "pinned", "closed_at", "forum_id")
        ),
        "silence_until": list(Silence.objects.values_list("until", flat=True)),
    }


@pytest.mark.parametrize("service", SERVICES)
def test_an_outsider_is_refused_and_nothing_is_written(service, world, nobody):
    before = _snapshot()
    with pytest.raises((NotFoundError, PermissionDeniedError)):
        _writes(world, nobody)[service]()
    assert _snapshot() == before
