"""Long forums in the browser: every post of a topic longer than the API counts, and every topic
of a forum, page after page.

- A topic's posts come from a keyset-paginated list (api/pagination.py) whose page numbers stop
  at the counted rows (10 000; a 400 ``page_too_deep`` beyond). The topic page follows the
  ``next`` cursors instead, so a topic of any length shows every post. The count limit is
  lowered here (the live server runs in this process) so that a few hundred posts go past it.
- A forum's topic list shows 20 topics a page with the shared pagination (« Page suivante »,
  ``?page=N``), as the other lists do.

On ``asgi_live_server``: the topic page needs its socket.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def forum(make_collectivite, make_user, make_membership):
    from collectivites.roles import PlatformRole
    from collectivites.services import platform_role_grant
    from forums.services.forums import forum_create

    rennes = make_collectivite("Rennes")
    anne = make_user("anne", first_name="Anne", last_name="Le Goff")
    make_membership(anne, rennes)
    animator = make_user("animatrice", first_name="Annaïg", last_name="Le Bihan")
    platform_role_grant(actor=None, user=animator, role=PlatformRole.NETWORK_ANIMATOR)
    return {"anne": anne, "forum": forum_create(actor=animator, title="Entraide voirie")}


def test_a_topic_longer_than_the_counted_rows_shows_every_post(forum, asgi_page, monkeypatch):
    from api.pagination import KeysetPagination
    from forums.models import Post
    from forums.services.posts import topic_create

    monkeypatch.setattr(KeysetPagination, "count_limit", 150)
    anne = forum["anne"]
    topic = topic_create(
        actor=anne, forum=forum["forum"], title="Enrobés à froid", body="Qui en a posé ?"
    )
    Post.objects.bulk_create(
        Post(topic=topic, author=anne, body=f"Réponse n° {n}", html=f"<p>Réponse n° {n}</p>")
        for n in range(1, 230)
    )  # 230 posts with the first: three pages of 100, the third past the 150 counted

    page = asgi_page("anne", path=f"/forums/sujets/{topic.pk}")
    expect(page.get_by_role("heading", name="229 réponse(s)")).to_be_visible(timeout=20_000)
    replies = page.get_by_role("region", name="Réponses").get_by_role("article")
    expect(replies).to_have_count(229)
    expect(replies.first).to_contain_text("Réponse n° 1")
    expect(replies.last).to_contain_text("Réponse n° 229")


def test_a_forum_lists_every_topic_page_by_page(forum, asgi_page, settings):
    from forums.services.posts import topic_create

    settings.FORUMS_POSTS_PER_WINDOW = 100  # one author opens the 25 topics at once
    for n in range(1, 26):
        topic_create(
            actor=forum["anne"], forum=forum["forum"], title=f"Sujet {n:02d}", body="Une question."
        )
    page = asgi_page("anne", path=f"/forums/{forum['forum'].pk}")
    topics = page.locator(".topic-list > li")
    expect(topics).to_have_count(20)
    expect(topics.first).to_contain_text("Sujet 25")  # the latest activity first
    expect(page.get_by_text("Page 1 sur 2")).to_be_visible()

    page.get_by_role("link", name="Page suivante →").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(topics).to_have_count(5)
    expect(topics.last).to_contain_text("Sujet 01")
    expect(page.get_by_role("link", name="Page suivante →")).to_have_count(0)

    # Another filter starts again from its first page.
    page.get_by_label("Afficher").select_option("mine")
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(topics).to_have_count(20)
