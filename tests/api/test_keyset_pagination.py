"""Keyset pagination (api/pagination.py, docs/decisions/0023) through the HTTP API.

Following ``next`` visits every row exactly once even when rows are inserted between two
fetches, in every ordering the tender list offers (NULLs included); ``previous`` walks back;
a cursor that is not one the list handed out is a 400 ``invalid_cursor``; a page number past
the counted rows a 400 ``page_too_deep``. Each list answers in the same number of queries
whatever the size of its table.
"""

import base64
import json
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from acts.models import Act, ClassificationVersion
from api.pagination import KeysetPagination
from forums.models import Post, Topic
from forums.services.forums import forum_create
from forums.services.posts import topic_create
from spaces.models import Draft
from spaces.services import space_create
from tenders.models import Tender
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def add_tenders(buyer, n: int, *, start: int, newest: bool = False) -> None:
    """Half published (two share each date: the id breaks the tie), some drafts (no date)."""
    rows = []
    for i in range(start, start + n):
        draft = i % 5 == 0
        day = (i // 2) if not newest else 10_000 + i
        rows.append(
            Tender(
                reference=f"R{i:05d}",
                title=f"Tender {i}",
                buyer=buyer,
                procedure="mapa",
                nature="travaux",
                estimated_value=Decimal(1000 + (i * 7919) % 50),  # many equal values
                status="draft" if draft else "published",
                published_at=None if draft else NOW - timedelta(days=20_000 - day),
                response_deadline=None if i % 3 == 0 else NOW + timedelta(days=30 + i % 4),
            )
        )
    Tender.objects.bulk_create(rows)


def add_acts(collectivite, n: int, *, start: int) -> None:
    version = ClassificationVersion.objects.first()
    Act.objects.bulk_create(
        Act(
            collectivite=collectivite,
            nature=1,
            classification_version=version,
            classification_code="1.1",
            decision_date=(NOW - timedelta(days=(i // 3))).date(),
            number=f"A{i:05d}",
            object=f"Acte {i}",
            document_type="99_DE",
        )
        for i in range(start, start + n)
    )


def walk(client, url: str, *, inserting=None) -> list[int]:
    """Ids of every page reached by following ``next``; ``inserting(i)`` runs between fetches."""
    seen, body, i = [], client.get(url).json(), 0
    while True:
        seen.extend(row["id"] for row in body["results"])
        if not body["next"]:
            return seen
        if inserting:
            inserting(i)
        i += 1
        response = client.get(body["next"])
        assert response.status_code == 200, response.content
        body = response.json()


def walk_back(client, url: str) -> list[int]:
    """From the last page, following ``previous``: the ids in list order."""
    body = client.get(url).json()
    while body["next"]:
        body = client.get(body["next"]).json()
    pages = []
    while True:
        pages.insert(0, [row["id"] for row in body["results"]])
        if not body["previous"]:
            return [pk for page in pages for pk in page]
        body = client.get(body["previous"]).json()


@pytest.fixture
def buyer(rennes):
    return MembershipFactory(collectivite=rennes, capabilities=("buyer",)).user


ORDERINGS = [
    "",
    "published_at",
    "response_deadline",
    "-response_deadline",
    "reference",
    "-estimated_value",
    "estimated_value",
]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_tender_pages_cover_each_row_once_while_rows_arrive(client_for, buyer, rennes, ordering):
    add_tenders(rennes, 40, start=0)
    client = client_for(buyer)
    url = f"/api/v1/tenders/?page_size=6{'&ordering=' + ordering if ordering else ''}"
    everything = walk(client, f"{url.replace('page_size=6', 'page_size=100')}")
    assert len(everything) == 40 == len(set(everything))

    def insert(i):
        add_tenders(rennes, 2, start=1000 + 2 * i, newest=True)

    before = set(everything)
    during = walk(client, url, inserting=insert)
    assert len(during) == len(set(during)), "a row was served twice"
    assert before <= set(during), "a row was skipped"
    # The order is the one a single big page gives, whatever arrived meanwhile.
    assert [pk for pk in during if pk in before] == everything


def test_previous_walks_back_in_the_same_order(client_for, buyer, rennes):
    add_tenders(rennes, 23, start=0)
    client = client_for(buyer)
    for ordering in ("", "response_deadline", "-estimated_value"):
        url = f"/api/v1/tenders/?page_size=5&ordering={ordering}"
        assert walk_back(client, url) == walk(client, url)


def test_page_numbers_within_the_count_and_cursors_in_links(api, rennes):
    add_tenders(rennes, 30, start=0)
    body = api.get("/api/v1/tenders/?page_size=5&page=2").json()
    assert body["count"] == 24 and body["count_exact"] is True
    assert "cursor=" in body["next"] and "page=" not in body["next"]
    following = api.get(body["next"]).json()
    assert following["results"] == api.get("/api/v1/tenders/?page_size=5&page=3").json()["results"]
    assert (
        api.get(body["previous"]).json()["results"]
        == (api.get("/api/v1/tenders/?page_size=5").json()["results"])
    )


def test_count_bounded_and_deep_page_numbers_refused(api, rennes, monkeypatch):
    monkeypatch.setattr(KeysetPagination, "count_limit", 10)
    add_tenders(rennes, 30, start=0)
    body = api.get("/api/v1/tenders/?page_size=4").json()
    assert body["count"] == 10 and body["count_exact"] is False
    assert api.get("/api/v1/tenders/?page_size=4&page=3").status_code == 200  # rows 8-11
    deep = api.get("/api/v1/tenders/?page_size=4&page=4")
    assert deep.status_code == 400 and deep.json()["code"] == "page_too_deep"
    # Past the bound, ``next`` still leads on to the last row.
    assert len(walk(api, "/api/v1/tenders/?page_size=4")) == 24


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "eyJvIjpbXX0",  # {"o":[]}
        "x" * 2000,
    ],
)
def test_bad_cursor_is_a_400_with_a_stable_code(api, rennes, cursor):
    add_tenders(rennes, 3, start=0)
    response = api.get(f"/api/v1/tenders/?cursor={cursor}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_cursor_of_another_ordering_or_tampered_values_is_refused(api, rennes):
    add_tenders(rennes, 12, start=0)
    next_link = api.get("/api/v1/tenders/?page_size=5").json()["next"]
    cursor = parse_qs(urlsplit(next_link).query)["cursor"][0]
    other = api.get(f"/api/v1/tenders/?ordering=reference&cursor={cursor}")
    assert other.status_code == 400 and other.json()["code"] == "invalid_cursor"
    data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for values in (["not a date", 1], [None, 2**70], [data["v"][0], "x"], [True, 1]):
        forged = base64.urlsafe_b64encode(json.dumps({**data, "v": values}).encode()).decode()
        response = api.get(f"/api/v1/tenders/?cursor={forged}")
        assert response.status_code == 400, (values, response.content)
        assert response.json()["code"] == "invalid_cursor"


def test_acts_topics_posts_drafts_follow_next_once_each(client_for, rennes, animator):
    officer = MembershipFactory(collectivite=rennes, capabilities=("act_officer",)).user
    client = client_for(officer)
    add_acts(rennes, 17, start=0)
    acts = walk(client, "/api/v1/acts/?page_size=4")
    assert (
        len(acts) == 17 == len(set(acts)) and walk_back(client, "/api/v1/acts/?page_size=4") == acts
    )

    forum = forum_create(actor=animator, title="Marchés")
    topic = topic_create(actor=officer, forum=forum, title="Question", body="Première")
    Topic.objects.bulk_create(
        Topic(
            forum=forum, title=f"T{i}", author=officer, last_post_at=NOW - timedelta(hours=i // 2)
        )
        for i in range(13)
    )
    topics = walk(client, f"/api/v1/forums/topics/?forum={forum.pk}&page_size=4")
    assert len(topics) == 14 == len(set(topics))
    Post.objects.bulk_create(
        Post(topic=topic, author=officer, body=f"r{i}", html=f"<p>r{i}</p>") for i in range(11)
    )
    posts = walk(client, f"/api/v1/forums/topics/{topic.pk}/posts/?page_size=4")
    assert len(posts) == 12 == len(set(posts))

    space = space_create(actor=animator, title="CCTP", members=[(rennes, "editor")])
    Draft.objects.bulk_create(
        Draft(space=space, title=f"D{i}", created_by=officer) for i in range(9)
    )
    drafts = walk(client, "/api/v1/drafts/?page_size=4")
    assert len(drafts) == 9 == len(set(drafts))
    assert walk_back(client, "/api/v1/drafts/?page_size=4") == drafts


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.content
    return len(queries)


def test_queries_per_list_request_do_not_grow_with_the_data(client_for, rennes, animator):
    """Each list, first page and a cursor page, at two sizes: the same number of queries."""
    officer = MembershipFactory(collectivite=rennes, capabilities=("act_officer", "buyer")).user
    client = client_for(officer)
    forum = forum_create(actor=animator, title="Marchés")
    topic = topic_create(actor=officer, forum=forum, title="Question", body="Première")
    space = space_create(actor=animator, title="CCTP", members=[(rennes, "editor")])

    def grow(n: int, start: int) -> None:
        add_tenders(rennes, n, start=start)
        add_acts(rennes, n, start=start)
        Topic.objects.bulk_create(
            Topic(forum=forum, title=f"T{i}", author=officer, last_post_at=NOW) for i in range(n)
        )
        Post.objects.bulk_create(
            Post(topic=topic, author=officer, body=f"r{i}", html="<p>r</p>") for i in range(n)
        )
        Draft.objects.bulk_create(
            Draft(space=space, title=f"D{i}", created_by=officer, updated_by=officer)
            for i in range(n)
        )

    urls = [
        "/api/v1/tenders/?page_size=5",
        "/api/v1/tenders/?page_size=5&ordering=-estimated_value",
        "/api/v1/acts/?page_size=5",
        f"/api/v1/forums/topics/?forum={forum.pk}&page_size=5",
        f"/api/v1/forums/topics/{topic.pk}/posts/?page_size=5",
        "/api/v1/drafts/?page_size=5",
    ]

    def measure() -> dict[str, tuple[int, int]]:
        counts = {}
        for url in urls:
            first = _queries(client, url)
            following = _queries(client, client.get(url).json()["next"])
            counts[url] = (first, following)
        return counts

    grow(12, 0)
    small = measure()
    grow(60, 100)
    large = measure()
    assert small == large
