"""Reports, auto-hiding, the queues, moderators' acts with their reasons, and the log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import ModerationAction, Post, Topic
from forums.services.posts import post_create, topic_create
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/forums"


@pytest.fixture
def readers(rennes):
    return [MembershipFactory(collectivite=rennes).user for _ in range(3)]


@pytest.fixture
def target(topic, member):
    return post_create(actor=member, topic=topic, body="Le marché a été attribué à mon cousin.")


def _report(client, post, reason="personal_data", details=""):
    return client.post(
        f"{URL}/posts/{post.pk}/report/", {"reason": reason, "details": details}, format="json"
    )


def _visible_ids(client, topic):
    return [p["id"] for p in client.get(f"{URL}/topics/{topic.pk}/posts/").json()["results"]]


@pytest.mark.parametrize(("threshold", "hidden_after"), [(3, 3), (2, 2)])
def test_auto_hide_at_n_distinct_reporters(
    client_for, readers, target, topic, settings, threshold, hidden_after
):
    settings.FORUMS_AUTO_HIDE_REPORTERS = threshold
    for count, reader in enumerate(readers, start=1):
        assert _report(client_for(reader), target).status_code == 201
        status = Post.objects.get(pk=target.pk).status
        assert status == ("hidden" if count >= hidden_after else "published"), count
        if count >= hidden_after:
            break
    outsider_view = _visible_ids(client_for(readers[-1]), topic)
    assert target.pk not in outsider_view


def test_two_reporters_do_not_hide_and_a_second_report_is_refused(client_for, readers, target):
    first = client_for(readers[0])
    assert _report(first, target).status_code == 201
    again = _report(first, target, "spam")
    assert again.status_code == 409
    assert _report(client_for(readers[1]), target).status_code == 201
    assert Post.objects.get(pk=target.pk).status == "published"
    assert _report(client_for(readers[2]), target, "other").status_code == 400  # details needed


def test_the_story_of_a_reported_post(
    client_for, readers, target, topic, member, forum_mod, animator
):
    """Reported by three, hidden for readers, in both queues; restored with a reason the
    author reads in their log."""
    for reader in readers:
        _report(client_for(reader), target)
    assert target.pk not in _visible_ids(client_for(readers[0]), topic)
    mine = client_for(member).get(f"{URL}/posts/{target.pk}/").json()
    assert mine["status"] == "hidden" and "3 personnes" in mine["status_reason"]
    moderator = client_for(forum_mod)
    queue = moderator.get(f"{URL}/reports/", {"forum": topic.forum_id}).json()["results"]
    assert [p["id"] for p in queue] == [target.pk] and len(queue[0]["reports"]) == 3
    assert [p["id"] for p in client_for(animator).get(f"{URL}/reports/").json()["results"]] == [
        target.pk
    ]
    assert client_for(readers[0]).get(f"{URL}/reports/").json()["results"] == []
    refused = moderator.post(f"{URL}/posts/{target.pk}/restore/", {"reason": " "}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["extra"]["fields"]
    restored = moderator.post(
        f"{URL}/posts/{target.pk}/restore/",
        {"reason": "Information publique (délibération du conseil)."},
        format="json",
    )
    assert restored.status_code == 200 and restored.json()["status"] == "published"
    assert target.pk in _visible_ids(client_for(readers[0]), topic)
    assert moderator.get(f"{URL}/reports/").json()["results"] == []
    log = client_for(member).get(f"{URL}/log/", {"mine": "1"}).json()["results"]
    assert (log[0]["action"], log[0]["reason"]) == (
        "restore",
        "Information publique (délibération du conseil).",
    )
    assert [a["action"] for a in log] == ["restore", "auto_hide"]
    # Another reader sees none of it.
    assert client_for(readers[0]).get(f"{URL}/log/").json()["results"] == []


REASONED = [
    ("posts", "hide", {}),
    ("posts", "delete", {}),
    ("topics", "lock", {"on": True}),
    ("topics", "pin", {"on": True}),
    ("topics", "close", {"conclusion": "Réglé."}),
    ("topics", "reopen", {}),
    ("topics", "slow-mode", {"seconds": 30}),
]


@pytest.mark.parametrize(("kind", "act", "extra"), REASONED)
def test_every_moderation_act_requires_a_reason(client_for, forum_mod, target, kind, act, extra):
    obj_id = target.pk if kind == "posts" else target.topic_id
    client = client_for(forum_mod)
    url = f"{URL}/{kind}/{obj_id}/{act}/"
    assert client.post(url, extra, format="json").status_code == 400
    assert client.post(url, {**extra, "reason": ""}, format="json").status_code == 400
    assert not ModerationAction.objects.exists()
    assert client.post(url, {**extra, "reason": "Parce que."}, format="json").status_code == 200
    assert ModerationAction.objects.get().reason == "Parce que."


def test_lock_close_move_and_pin(client_for, forum_mod, member, topic, network, private):
    moderator, author = client_for(forum_mod), client_for(member)
    why = {"reason": "Modération"}
    moderator.post(f"{URL}/topics/{topic.pk}/lock/", {"on": True, **why}, format="json")
    assert (
        author.post(f"{URL}/topics/{topic.pk}/posts/", {"body": "x"}, format="json").status_code
        == 403
    )
    assert (
        moderator.post(
            f"{URL}/topics/{topic.pk}/posts/", {"body": "Verrouillé."}, format="json"
        ).status_code
        == 201
    )
    moderator.post(f"{URL}/topics/{topic.pk}/lock/", {"on": False, **why}, format="json")
    closed = moderator.post(
        f"{URL}/topics/{topic.pk}/close/",
        {"conclusion": "Voir le CCAG-Travaux.", **why},
        format="json",
    ).json()
    assert closed["is_closed"] and closed["conclusion"] == "Voir le CCAG-Travaux."
    assert (
        author.post(f"{URL}/topics/{topic.pk}/posts/", {"body": "x"}, format="json").status_code
        == 403
    )
    pinned = moderator.post(f"{URL}/topics/{topic.pk}/pin/", {"on": True, **why}, format="json")
    assert pinned.json()["pinned"]
    moved = moderator.post(
        f"{URL}/topics/{topic.pk}/move/", {"forum": network.pk, **why}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["forum"]["id"] == network.pk
    again = moderator.post(
        f"{URL}/topics/{topic.pk}/move/", {"forum": network.pk, **why}, format="json"
    )
    assert again.status_code == 409


def test_a_moderator_moves_only_to_a_forum_they_moderate(client_for, forum_mod, topic, elsewhere):
    answer = client_for(forum_mod).post(
        f"{URL}/topics/{topic.pk}/move/", {"forum": elsewhere.pk, "reason": "x"}, format="json"
    )
    assert answer.status_code == 403
    assert Topic.objects.get(pk=topic.pk).forum_id == topic.forum_id


def test_the_log_survives_the_deletion_of_posts_topics_and_forums(
    client_for, forum_mod, animator, target, topic, private
):
    client_for(forum_mod).post(
        f"{URL}/posts/{target.pk}/delete/", {"reason": "Diffamation"}, format="json"
    )
    assert Post.objects.get(pk=target.pk).status == "deleted"
    author_view = client_for(target.author).get(f"{URL}/posts/{target.pk}/")
    assert author_view.status_code == 404  # gone for its author too; the log tells why
    private.delete()  # the forum page goes, with its topics and posts
    assert not Post.objects.filter(pk=target.pk).exists()
    action = ModerationAction.objects.get(action="delete")
    assert (action.post_ref, action.topic_title, action.forum_title, action.reason) == (
        target.pk,
        topic.title,
        "Groupement voirie",
        "Diffamation",
    )
    log = client_for(animator).get(f"{URL}/log/").json()["results"]
    assert log[0]["reason"] == "Diffamation"
    mine = client_for(target.author).get(f"{URL}/log/", {"mine": "true"}).json()["results"]
    assert [a["action"] for a in mine] == ["delete"]


def test_watched_words_and_silences_through_the_api(client_for, forum_mod, private, member):
    moderator = client_for(forum_mod)
    added = moderator.post(
        f"{URL}/{private.pk}/watched-words/",
        {"word": "arnaque", "action": "block", "reason": "Vu trop souvent"},
        format="json",
    )
    assert added.status_code == 201
    assert [w["word"] for w in moderator.get(f"{URL}/{private.pk}/watched-words/").json()] == [
        "arnaque"
    ]
    assert client_for(member).get(f"{URL}/{private.pk}/watched-words/").status_code == 403
    removed = moderator.post(
        f"{URL}/watched-words/{added.json()['id']}/remove/", {"reason": "Fini"}, format="json"
    )
    assert removed.status_code == 204
    silenced = moderator.post(
        f"{URL}/silences/",
        {"user": member.pk, "forum": private.pk, "duration_hours": 24, "reason": "Propos répétés"},
        format="json",
    )
    assert silenced.status_code == 201
    assert client_for(member).get(f"{URL}/{private.pk}/").json()["me"]["can_post"] is False
    platform = moderator.post(
        f"{URL}/silences/", {"user": member.pk, "duration_hours": 24, "reason": "x"}, format="json"
    )
    assert platform.status_code == 403
    lifted = moderator.post(
        f"{URL}/silences/{silenced.json()['id']}/lift/", {"reason": "Excuses"}, format="json"
    )
    assert lifted.status_code == 200
    assert client_for(member).get(f"{URL}/{private.pk}/").json()["me"]["can_post"] is True
    mine = client_for(member).get(f"{URL}/log/", {"mine": "1"}).json()["results"]
    assert [a["action"] for a in mine] == ["unsilence", "silence"]


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, params or {})
    assert answer.status_code == 200, answer.json()
    return len(queries)


def test_lists_take_a_constant_number_of_queries(
    client_for, forum_mod, member, readers, private, network, settings
):
    settings.FORUMS_POSTS_PER_WINDOW = 1000

    def grow():
        topic = topic_create(actor=forum_mod, forum=private, title="Sujet", body="Corps")
        post = post_create(actor=member, topic=topic, body="Réponse @modo")
        for reader in readers:
            from forums.services.reports import report_create

            report_create(actor=reader, post=post, reason="spam")
        from forums.services.moderation import post_hide

        post_hide(
            actor=forum_mod, post=post_create(actor=member, topic=topic, body="b"), reason="r"
        )
        return topic

    moderator = client_for(forum_mod)
    topic = grow()
    urls = [
        (f"{URL}/", None),
        (f"{URL}/topics/", None),
        (f"{URL}/topics/", {"filter": "mine"}),
        (f"{URL}/topics/{topic.pk}/posts/", None),
        (f"{URL}/reports/", None),
        (f"{URL}/approvals/", None),
        (f"{URL}/log/", None),
        (f"{URL}/silences/", None),
        ("/api/v1/me/inbox/", None),
    ]
    before = {url + str(params): _count_queries(moderator, url, params) for url, params in urls}
    for _ in range(3):
        grow()
        post_create(actor=member, topic=topic, body="encore")
    after = {url + str(params): _count_queries(moderator, url, params) for url, params in urls}
    assert after == before
