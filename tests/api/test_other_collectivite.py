"""No route of the API hands one collectivité's private objects to anyone outside it.

Generated, not listed: every URL pattern under /api/v1/ that names an object is found by walking
the resolver, and its ids are filled from the private objects of Brest (B): a space and its
draft (a version, a comment), a restricted forum with a topic and a post, a tender still in
preparation and its document, a company's bid on B's published tender, an act and its file, an
audit event, a membership, the training progress of B's agents. Each such URL is then asked, by
GET (or, for a write-only route, by POST), by each role that is NOT inside B: anonymous, a
company, an agent and the referent of Rennes (A). None may get a success; a read is refused
with 404 (401/403 for anonymous, where the API asks to log in first), never 200 with B's data.

A superuser is the control: it must reach most of these URLs (a walk that built URLs to
nothing would otherwise pass), and the test fails if fewer than ``MIN_PROVEN`` do. A route
whose ids are not in the world (a bid file, a notice PDF) is reported as not covered; the
number covered must not fall under ``MIN_COVERED`` as routes are added.

Animators moderate the whole network by design (DESIGN.md, each app's rules.py): they are asked
only for B's acts and accounting files, which no rule opens to them.
"""

import re
import time

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from acts.models import Act
from acts.services.classification import classification_ensure_national
from collectivites.models import AuditEvent
from forums.models import Audience
from forums.services.forums import forum_create
from forums.services.posts import post_create, topic_create
from spaces.services import (
    draft_comment_create,
    draft_create,
    draft_version_save,
    space_create,
)
from tenders import services as tenders

from ..acts.conftest import act_payload
from ..factories import CompanyFactory, MembershipFactory, UserFactory
from ..library.training_helpers import make_module
from ..tenders.bidding import offer
from ..tenders.conftest import make_tender, pdf, published_tender

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"<(?:\w+:)?(\w+)>")
OUTSIDERS = ["anonymous", "company", "agent_a", "referent_a", "animator"]
# Public by design: the directory of collectivités and what a collectivité publishes.
PUBLIC = [
    re.compile(r"^/api/v1/collectivites/\d+/$"),
    re.compile(r"^/api/v1/collectivites/\d+/published-acts"),
]
# The animators moderate and curate the whole network (each app's rules.py says so): they are
# asked only for what no rule of theirs opens, the acts and accounting files of a collectivité.
ANIMATOR_KEPT_OUT = re.compile(r"^/api/v1/(acts|accounting-files)/")
# Collections whose ids name B's private objects; a route naming none of them (a public library
# module, a format) is not a question about B's objects.
PRIVATE = {
    "spaces",
    "drafts",
    "comments",
    "forums",
    "topics",
    "posts",
    "tenders",
    "documents",
    "bids",
    "acts",
    "files",
    "audit-events",
    "collectivites",
    "memberships",
}
# Measured: 92 routes covered, 36 read by the superuser (the others are writes, or need a
# state the world does not build: an act not yet acknowledged has no stamped copy...).
MIN_COVERED = 85
MIN_PROVEN = 30
# 64 s measured on 2 CPUs shared with 6 test runs (load average 11); the bound catches a walk
# gone quadratic, not a busy machine.
MAX_SECONDS = 120


def api_patterns():
    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry, route)
            elif isinstance(entry, URLPattern):
                yield "/" + route, entry

    for route, pattern in walk(get_resolver(), ""):
        if route.startswith("/api/v1/") and PLACEHOLDER.search(route):
            yield route, pattern


def concrete(route: str, ids: dict[str, int | str]) -> tuple[str | None, bool]:
    """Each placeholder gets the id of B's object of the collection named just before it; also
    whether one of them is a private object of B."""
    out, last, private = "", 0, False
    for match in PLACEHOLDER.finditer(route):
        before = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        value = ids.get(before)
        if value is None:
            return None, False
        private = private or before in PRIVATE
        out += route[last : match.start()] + str(value)
        last = match.end()
    return out + route[last:], private


@pytest.fixture
def world(settings, tmp_path, platform, animator, rennes, brest):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ACTS_SIMULATED_DELAY_SECONDS = 0
    referent_b = MembershipFactory(collectivite=brest, role="referent").user
    buyer_b = MembershipFactory(collectivite=brest, capabilities=("buyer",)).user
    officer_b = MembershipFactory(collectivite=brest, capabilities=("act_officer",)).user

    space = space_create(actor=animator, title="Voirie de Brest", members=[(brest, "editor")])
    draft = draft_create(actor=referent_b, space=space, title="CCTP", markdown="# Secret B\n")
    version = draft_version_save(actor=referent_b, draft=draft, label="v1")
    comment = draft_comment_create(actor=referent_b, draft=draft, body="Note interne")

    forum = forum_create(
        actor=animator,
        title="Entre agents de Brest",
        visibility=Audience.RESTRICTED,
        posting=Audience.RESTRICTED,
        readers=[brest],
        posters=[brest],
    )
    topic = topic_create(actor=referent_b, forum=forum, title="Budget", body="Confidentiel")
    post = post_create(actor=referent_b, topic=topic, body="Réponse interne")

    preparing = make_tender(buyer_b, brest, reference="B-PREPA")
    document = tenders.tender_document_add(actor=buyer_b, tender=preparing, title="RC", file=pdf())
    published = published_tender(buyer_b, brest, reference="B-PUBLIEE")
    bidder = UserFactory(username="soumissionnaire.b", company=CompanyFactory())
    bid = tenders.bid_submit(actor=bidder, tender=published, files=[offer()])

    classification_ensure_national()
    act_client = APIClient()
    act_client.force_authenticate(officer_b)
    act = act_client.post("/api/v1/acts/", act_payload(brest), format="multipart")
    assert act.status_code == 201, act.json()
    act_id = act.json()["id"]
    act_file = Act.objects.get(pk=act_id).files.first()

    module, _lessons = make_module()
    ids = {
        "spaces": space.pk,
        "members": brest.pk,
        "approvals": brest.pk,
        "drafts": draft.pk,
        "versions": version.number,
        "comments": comment.pk,
        "export": "pdf",
        "forums": forum.pk,
        "topics": topic.pk,
        "posts": post.pk,
        "tenders": preparing.pk,
        "documents": document.pk,
        "bids": bid.pk,
        "acts": act_id,
        "files": act_file.pk if act_file else None,
        "audit-events": AuditEvent.objects.filter(collectivite=brest).first().pk,
        "collectivites": brest.pk,
        "memberships": referent_b.memberships.get().pk,
        "modules": module.pk,
    }
    superuser = UserFactory(username="racine", is_superuser=True, is_staff=True)
    company = UserFactory(username="entreprise.a", company=CompanyFactory())
    people = {
        "anonymous": None,
        "company": company,
        "agent_a": MembershipFactory(collectivite=rennes, role="agent").user,
        "referent_a": MembershipFactory(collectivite=rennes, role="referent").user,
        "animator": animator,
        "superuser": superuser,
    }
    secrets = ["Secret B", "Note interne", "Confidentiel", "Réponse interne", "B-PREPA"]
    return ids, people, secrets


def ask(client: APIClient, url: str):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {}, format="json")
    return response


def test_no_route_gives_another_collectivites_objects_to_outsiders(world):
    ids, people, secrets = world
    started = time.monotonic()
    clients = {}
    for role, user in people.items():
        clients[role] = APIClient()
        if user is not None:
            clients[role].force_authenticate(user)

    covered, not_covered, proven, leaks = [], [], [], []
    for route, pattern in api_patterns():
        url, private = concrete(route, ids)
        if url is None:
            not_covered.append(route)
            continue
        if not private or any(public.match(url) for public in PUBLIC):
            continue
        assert resolve(url).func is pattern.callback, (route, url)
        covered.append(url)
        # The control reads only: its writes would change B's world (publish B's tender...).
        if 200 <= clients["superuser"].get(url).status_code < 300:
            proven.append(url)
        for role in OUTSIDERS:
            if role == "animator" and not ANIMATOR_KEPT_OUT.match(url):
                continue
            response = ask(clients[role], url)
            allowed = {401, 403, 404, 405} if role == "anonymous" else {404, 405}
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode("utf-8", "replace")
            if response.status_code not in allowed or any(s in body for s in secrets):
                leaks.append(
                    f"{role} {response.request['REQUEST_METHOD']} {url}: "
                    f"{response.status_code} {body[:120]}"
                )
    elapsed = time.monotonic() - started
    print(
        f"{elapsed:.1f} s: {len(covered)} routes covered, {len(proven)} reached by the "
        f"superuser, {len(not_covered)} not covered: {not_covered}"
    )
    assert not leaks, "\n".join(leaks)
    assert len(covered) >= MIN_COVERED, not_covered
    assert len(proven) >= MIN_PROVEN, sorted(set(covered) - set(proven))
    assert elapsed < MAX_SECONDS
