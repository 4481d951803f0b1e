"""A small world for tests that walk every API route: one object of each kind, and its users."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from forums.services.forums import forum_create
from forums.services.posts import post_create, topic_create
from spaces.services import draft_create, space_create
from tenders.services import question_ask

from ..factories import MembershipFactory
from ..tenders.conftest import published_tender

User = get_user_model()


@dataclass
class World:
    """Users of each kind and the ids of real objects, by the URL keyword that names them."""

    animator: User
    superuser: User
    buyer: User  # an agent of Rennes who buys
    member: User  # an agent of Rennes with no capability (neither buys nor transmits acts)
    company: User
    ids: dict[str, int | str]


@pytest.fixture
def api_world(settings, tmp_path, animator, superuser, rennes, company_user) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    referent = MembershipFactory(collectivite=rennes, role="referent").user
    buyer = MembershipFactory(collectivite=rennes, role="agent", capabilities=("buyer",)).user
    member = MembershipFactory(collectivite=rennes, role="agent").user
    space = space_create(actor=animator, title="Voirie", members=[(rennes, "editor")])
    draft = draft_create(actor=referent, space=space, title="CCTP", markdown="# CCTP\n\nTexte.\n")
    tender = published_tender(buyer, rennes)
    question = question_ask(actor=company_user, tender=tender, text="Visite obligatoire ?")
    membership = referent.memberships.get()
    forum = forum_create(actor=animator, title="Entraide")
    topic = topic_create(actor=buyer, forum=forum, title="MAPA ?", body="Une question.")
    post = post_create(actor=referent, topic=topic, body="Une réponse.")
    ids = {
        "tender_pk": tender.pk,
        "doc_id": tender.documents.get().pk,
        "question_id": question.pk,
        "collectivite_pk": rennes.pk,
        "collectivite_id": rennes.pk,
        "space_pk": space.pk,
        "draft_pk": draft.pk,
        "membership_pk": membership.pk,
        "format": "pdf",
        "forum_pk": forum.pk,
        "topic_pk": topic.pk,
        "post_pk": post.pk,
    }
    return World(
        animator=animator,
        superuser=superuser,
        buyer=buyer,
        member=member,
        company=company_user,
        ids=ids,
    )
