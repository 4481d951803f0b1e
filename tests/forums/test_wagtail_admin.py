"""Animators create and configure forums in Wagtail's admin; Wagtail never serves them."""

import pytest
from django.test import Client

from forums.models import ForumPage
from forums.services.forums import forum_index

pytestmark = pytest.mark.django_db


def test_animators_create_a_restricted_forum_in_the_admin(animator, rennes, forum_mod, member):
    client = Client()
    client.force_login(animator)
    index = forum_index()
    add_url = f"/admin/pages/add/forums/forumpage/{index.pk}/"
    assert client.get(add_url).status_code == 200
    answer = client.post(
        add_url,
        {
            "title": "Groupement voirie",
            "slug": "groupement-voirie",
            "description": "Forum privé du groupement.",
            "visibility": "restricted",
            "reader_collectivites": [rennes.pk],
            "posting": "restricted",
            "poster_collectivites": [rennes.pk],
            "moderators": [forum_mod.pk],
            "premoderation": "none",
            "action-publish": "publish",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    forum = ForumPage.objects.get(slug="groupement-voirie")
    assert forum.live and list(forum.reader_collectivites.all()) == [rennes]
    from collectivites.permissions import user_can

    assert user_can(member, "post", forum) and user_can(forum_mod, "moderate", forum)


def test_wagtail_does_not_serve_forums(private):
    client = Client(raise_request_exception=False)
    assert client.get("/pages/forums/").status_code == 404
    assert client.get(f"/pages{private.url_path}").status_code == 404
