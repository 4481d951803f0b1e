"""Anyone reads a public forum through the API; only signed-in people write in it."""

import pytest

from forums.services.posts import topic_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/forums"


def test_anonymous_reads_public_forums_only(api, public, private, topic, member):
    question = topic_create(actor=member, forum=public, title="Bienvenue", body="Présentez-vous")
    forums = api.get(f"{URL}/")
    assert forums.status_code == 200
    assert [f["title"] for f in forums.json()["results"]] == ["Accueil"]
    assert api.get(f"{URL}/topics/{question.pk}/").json()["me"]["can_reply"] is False
    posts = api.get(f"{URL}/topics/{question.pk}/posts/").json()["results"]
    assert [p["body"] for p in posts] == ["Présentez-vous"]
    assert api.get(f"{URL}/topics/{topic.pk}/").status_code == 404  # private: not even seen
    refused = api.post(f"{URL}/topics/{question.pk}/posts/", {"body": "Bonjour"}, format="json")
    assert refused.status_code == 403
    assert api.get(f"{URL}/reports/").status_code in (401, 403)
