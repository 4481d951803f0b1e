"""What the rules read of a person (member? moderator of which forums? silenced until when?)
is read once per request, and never outlives it (collectivites.permissions.remembered)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collectivites.permissions import facts_for_one_request, user_can
from forums.services import moderation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/forums/topics"


def _queries_on(table: str, queries) -> int:
    """Queries reading ``table`` itself (not as a join or subquery of a list's filter)."""
    return sum(f'FROM "{table}" WHERE' in q["sql"] for q in queries.captured_queries)


def test_a_topic_page_reads_the_persons_facts_once(client_for, member, network, writer_topic):
    api = client_for(member)
    for url in (f"{URL}/{writer_topic.pk}/", f"{URL}/{writer_topic.pk}/posts/"):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        assert _queries_on("collectivites_membership", queries) == 1, url
        assert _queries_on("forums_forumpage_moderators", queries) <= 1, url


def test_facts_do_not_outlive_the_request(client_for, network, writer_topic, rennes):
    """The test client gives every request the same user object: a membership added between
    two requests is seen by the second."""
    outsider = UserFactory(username="pas.encore")
    api = client_for(outsider)
    assert api.get(f"{URL}/{writer_topic.pk}/").status_code == 404
    MembershipFactory(collectivite=rennes, user=outsider)
    assert api.get(f"{URL}/{writer_topic.pk}/").status_code == 200


def test_a_silence_counts_for_the_rest_of_the_request_and_its_lifting_too(
    member, network, writer_topic, animator
):
    with facts_for_one_request():
        assert user_can(member, "reply", writer_topic)
        silence = moderation.silence_create(
            actor=animator, user=member, reason="Spam", duration_hours=1
        )
        assert not user_can(member, "reply", writer_topic)
        moderation.silence_lift(actor=animator, silence=silence, reason="Levé")
        assert user_can(member, "reply", writer_topic)


def test_a_moderator_named_in_the_request_moderates_in_it(member, animator, rennes):
    from forums.services.forums import forum_create

    with facts_for_one_request():
        from forums.models import ForumPage

        before = ForumPage.objects.first()
        assert before is None or not user_can(member, "moderate", before)
        forum = forum_create(actor=animator, title="Nouveau", moderators=[member])
        assert user_can(member, "moderate", forum)


@pytest.fixture
def writer_topic(network, rennes):
    from forums.services.posts import topic_create

    writer = MembershipFactory(collectivite=rennes, user=UserFactory(username="auteur")).user
    return topic_create(actor=writer, forum=network, title="MAPA", body="Question ?")
