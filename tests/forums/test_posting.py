"""Writing in a forum through the API: markdown made safe, limits, slow mode, silences,
watched words, pre-moderation, attachments, mentions, edits and the answer."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from collectivites.models import InboxNotification
from forums.models import ForumPage, Post, PostRevision, Silence, Topic, WatchedWord

pytestmark = pytest.mark.django_db

URL = "/api/v1/forums"

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[clic](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<div onclick=alert(1)>x</div>",
    "[x](  JaVaScRiPt:alert(1))",
]


def _reply(client, topic, body="Bonjour", **extra):
    return client.post(f"{URL}/topics/{topic.pk}/posts/", {"body": body, **extra}, format="json")


@pytest.mark.parametrize("vector", XSS)
def test_no_script_event_handler_or_javascript_link_survives(client_for, member, topic, vector):
    answer = _reply(client_for(member), topic, f"Texte **gras** {vector}")
    assert answer.status_code == 201, answer.json()
    html = answer.json()["html"].lower()
    assert "<strong>gras</strong>" in html
    for bad in ("<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<svg"):
        assert bad not in html


def test_hostile_markdown_is_bounded(client_for, member, topic):
    answer = _reply(client_for(member), topic, "[" * 15_000)
    assert answer.status_code == 201


def test_topic_creation_and_listing_filters(client_for, member, forum_mod, private):
    client = client_for(member)
    created = client.post(
        f"{URL}/topics/",
        {"forum": private.pk, "title": "DUME ?", "body": "Obligatoire ?"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    topic_id = created.json()["id"]
    unanswered = client.get(f"{URL}/topics/", {"forum": private.pk, "filter": "unanswered"})
    assert [t["id"] for t in unanswered.json()["results"]] == [topic_id]
    reply = _reply(client_for(forum_mod), Topic.objects.get(pk=topic_id), "Non, facultatif.")
    marked = client.post(
        f"{URL}/topics/{topic_id}/answer/", {"post": reply.json()["id"]}, format="json"
    )
    assert marked.status_code == 200 and marked.json()["answer_id"] == reply.json()["id"]
    answered = client.get(f"{URL}/topics/", {"filter": "answered"}).json()["results"]
    assert [t["id"] for t in answered] == [topic_id]
    assert client.get(f"{URL}/topics/", {"filter": "mine"}).json()["count"] == 1
    assert client.get(f"{URL}/topics/", {"filter": "bogus"}).status_code == 400
    # Only the asker or a moderator marks the answer.
    other = client_for(Post.objects.get(pk=reply.json()["id"]).author)
    assert (
        other.post(f"{URL}/topics/{topic_id}/answer/", {"post": None}, format="json").status_code
        == 200
    )


def test_rate_limit_answers_429_with_the_wait(client_for, member, topic, settings):
    settings.FORUMS_POSTS_PER_WINDOW = 2
    client = client_for(member)
    assert _reply(client, topic, "un").status_code == 201
    answer = _reply(client, topic, "deux")
    assert answer.status_code == 429
    body = answer.json()
    assert body["code"] == "throttled" and 1 <= body["extra"]["retry_after_seconds"] <= 300


def test_slow_mode_edge(client_for, member, topic, animator):
    from forums.services.moderation import topic_slow_mode

    topic_slow_mode(actor=animator, topic=topic, reason="Ça s'échauffe", seconds=60)
    client = client_for(member)
    # The topic's first post is the member's, "now": the next one waits the full minute.
    Post.objects.filter(topic=topic).update(created_at=timezone.now() - timedelta(seconds=58))
    early = _reply(client, topic, "trop tôt")
    assert early.status_code == 429 and early.json()["extra"]["retry_after_seconds"] in (2, 3)
    Post.objects.filter(topic=topic).update(created_at=timezone.now() - timedelta(seconds=60))
    assert _reply(client, topic, "à l'heure").status_code == 201
    # Moderators are not slowed.
    assert _reply(client_for(animator), topic, "a").status_code == 201
    assert _reply(client_for(animator), topic, "b").status_code == 201


def test_silence_expiry_edge(client_for, silenced, topic):
    client = client_for(silenced)
    assert _reply(client, topic).status_code == 403
    Silence.objects.update(until=timezone.now() + timedelta(seconds=5))
    assert _reply(client, topic).status_code == 403
    Silence.objects.update(until=timezone.now() - timedelta(milliseconds=1))
    assert _reply(client, topic).status_code == 201


def test_the_topic_tells_a_silenced_person_until_when(client_for, silenced, member, topic):
    """The reply form says "silenced until …" rather than a bare refusal."""
    until = Silence.objects.get(user=silenced).until
    me = client_for(silenced).get(f"{URL}/topics/{topic.pk}/").json()["me"]
    assert me["can_reply"] is False
    assert parse_datetime(me["silenced_until"]) == until
    others = client_for(member).get(f"{URL}/topics/{topic.pk}/").json()["me"]
    assert others["silenced_until"] is None
    Silence.objects.update(until=timezone.now() - timedelta(seconds=1))
    after = client_for(silenced).get(f"{URL}/topics/{topic.pk}/").json()["me"]
    assert after["silenced_until"] is None


def test_watched_words_block_or_queue(client_for, member, topic, private, forum_mod):
    WatchedWord.objects.create(forum=private, word="arnaque", action="block")
    WatchedWord.objects.create(forum=private, word="concurrent", action="queue")
    client = client_for(member)
    blocked = _reply(client, topic, "Quelle ARNAQUE !")
    assert blocked.status_code == 400 and "body" in blocked.json()["extra"]["fields"]
    assert _reply(client, topic, "arnaques au pluriel passent").status_code == 201
    queued = _reply(client, topic, "Le concurrent a tort.")
    assert queued.status_code == 201 and queued.json()["status"] == "pending"
    # Moderators see it in the queue; other readers do not see it.
    queue = client_for(forum_mod).get(f"{URL}/approvals/").json()["results"]
    assert [p["id"] for p in queue] == [queued.json()["id"]]


@pytest.mark.parametrize(
    ("mode", "first_pending", "second_pending"),
    [("none", False, False), ("first_posts", True, True), ("all", True, True)],
)
def test_premoderation(client_for, rennes, private, forum_mod, mode, first_pending, second_pending):
    from tests.factories import MembershipFactory

    ForumPage.objects.filter(pk=private.pk).update(premoderation=mode)
    newcomer = MembershipFactory(collectivite=rennes).user
    reader = MembershipFactory(collectivite=rennes).user
    client = client_for(newcomer)
    created = client.post(
        f"{URL}/topics/",
        {"forum": private.pk, "title": "Nouveau", "body": "Bonjour"},
        format="json",
    )
    topic_id = created.json()["id"]
    assert (created.json()["status"] == "pending") == first_pending
    seen = client_for(reader).get(f"{URL}/topics/", {"forum": private.pk}).json()["results"]
    assert (topic_id in [t["id"] for t in seen]) != first_pending
    if first_pending:
        first = Post.objects.get(topic_id=topic_id)
        approved = client_for(forum_mod).post(
            f"{URL}/posts/{first.pk}/approve/", {"reason": "OK"}, format="json"
        )
        assert approved.status_code == 200 and approved.json()["status"] == "published"
        assert client_for(reader).get(f"{URL}/topics/{topic_id}/").status_code == 200
    second = _reply(client, Topic.objects.get(pk=topic_id), "encore")
    # "first posts": once a post is approved, the newcomer is no longer new.
    expected = mode == "all"
    assert (second.json()["status"] == "pending") == expected


def test_attachments_checked_by_content_and_size(client_for, member, topic, settings):
    client = client_for(member)
    pdf = SimpleUploadedFile("avis.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n%%EOF")
    ok = client.post(
        f"{URL}/topics/{topic.pk}/posts/",
        {"body": "Voir PJ", "attachments": [pdf]},
        format="multipart",
    )
    assert ok.status_code == 201, ok.json()
    attachment = ok.json()["attachments"][0]
    assert attachment["content_type"] == "application/pdf"
    download = client.get(f"{URL}/attachments/{attachment['id']}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    fake = SimpleUploadedFile("faux.pdf", b"#!/bin/sh\necho pwned\n")
    refused = client.post(
        f"{URL}/topics/{topic.pk}/posts/", {"body": "x", "attachments": [fake]}, format="multipart"
    )
    assert refused.status_code == 400 and "attachments" in refused.json()["extra"]["fields"]
    settings.FORUMS_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * 100)
    too_large = client.post(
        f"{URL}/topics/{topic.pk}/posts/", {"body": "x", "attachments": [big]}, format="multipart"
    )
    assert too_large.status_code == 413
    assert Post.objects.filter(body="x").count() == 0


def test_mentions_notify_readers_only(
    client_for, member, other_member, forum_mod, topic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = _reply(client_for(forum_mod), topic, "@anne.legoff et @yann.kerbrat, voyez ça.")
    assert answer.status_code == 201
    assert InboxNotification.objects.filter(user=member, kind="forums.mention").count() == 1
    assert not InboxNotification.objects.filter(user=other_member).exists()  # cannot read it
    client = client_for(member)
    assert client.get("/api/v1/me/inbox/unread/").json() == {"unread": 1}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert client.post("/api/v1/me/inbox/read/", {}, format="json").json() == {"marked": 1}
    names = client.get(f"{URL}/topics/{topic.pk}/mentions/", {"q": "ann"}).json()
    assert [p["username"] for p in names] == ["anne.legoff"]
    assert client.get(f"{URL}/topics/{topic.pk}/mentions/", {"q": "yann"}).json() == []


def test_subscribers_hear_of_replies_by_mail_or_digest(
    client_for, member, forum_mod, topic, django_capture_on_commit_callbacks
):
    from collectivites.notifications import digests_send

    client = client_for(member)
    assert client.post(
        f"{URL}/topics/{topic.pk}/subscription/", {"on": True}, format="json"
    ).json() == {"subscribed": True}
    assert (
        client.put(
            "/api/v1/me/inbox/preference/", {"email_mode": "digest"}, format="json"
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        _reply(client_for(forum_mod), topic, "Réponse 1")
        _reply(client_for(forum_mod), topic, "Réponse 2")
    assert InboxNotification.objects.filter(user=member).count() == 2
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send() == 1
    assert len(mail.outbox) == 1 and "2 notification" in mail.outbox[0].subject
    assert digests_send() == 0  # nothing mailed twice


def test_edit_window_then_moderators_with_history(client_for, member, topic, forum_mod, settings):
    first = Post.objects.get(topic=topic)
    client = client_for(member)
    edited = client.patch(
        f"{URL}/posts/{first.pk}/", {"body": "Qui a un modèle récent ?"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["edited_at"]
    Post.objects.filter(pk=first.pk).update(
        created_at=timezone.now()
        - timedelta(minutes=settings.FORUMS_EDIT_WINDOW_MINUTES, seconds=1)
    )
    assert (
        client.patch(f"{URL}/posts/{first.pk}/", {"body": "Trop tard"}, format="json").status_code
        == 403
    )
    moderator = client_for(forum_mod)
    without = moderator.patch(f"{URL}/posts/{first.pk}/", {"body": "Corrigé"}, format="json")
    assert without.status_code == 400 and "reason" in without.json()["extra"]["fields"]
    fixed = moderator.patch(
        f"{URL}/posts/{first.pk}/",
        {"body": "Corrigé", "reason": "Données personnelles"},
        format="json",
    )
    assert fixed.status_code == 200
    history = moderator.get(f"{URL}/posts/{first.pk}/revisions/").json()
    assert [r["body"] for r in history] == ["Qui a un modèle récent ?", "Qui a un modèle ?"]
    assert client.get(f"{URL}/posts/{first.pk}/revisions/").status_code == 403
    assert PostRevision.objects.count() == 2


def test_report_rate_limit_answers_429(client_for, member, forum_mod, topic, settings):
    from forums.services.posts import post_create

    settings.FORUMS_REPORTS_PER_WINDOW = 1
    posts = [post_create(actor=forum_mod, topic=topic, body=f"Message {n}") for n in range(2)]
    client = client_for(member)
    url = f"{URL}/posts/{{}}/report/"
    assert (
        client.post(url.format(posts[0].pk), {"reason": "spam"}, format="json").status_code == 201
    )
    throttled = client.post(url.format(posts[1].pk), {"reason": "spam"}, format="json")
    assert throttled.status_code == 429 and throttled.json()["extra"]["retry_after_seconds"] > 0


def test_forum_subscribers_hear_of_new_topics(client_for, member, forum_mod, private):
    assert client_for(forum_mod).post(
        f"{URL}/{private.pk}/subscription/", {"on": True}, format="json"
    ).json() == {"subscribed": True}
    client_for(member).post(
        f"{URL}/topics/", {"forum": private.pk, "title": "Nouveau", "body": "?"}, format="json"
    )
    (notice,) = InboxNotification.objects.filter(user=forum_mod)
    assert notice.kind == "forums.new_post" and "Nouveau" in notice.message
    assert notice.url.startswith("/forums/sujets/")
