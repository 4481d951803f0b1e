"""Comments: threaded, quoting a passage; readers comment too; editors resolve and reopen."""

import pytest

from .conftest import ROLES
from .test_drafts_api import expected_status

pytestmark = pytest.mark.django_db

COMMENTERS = ["reader_agent", "editor_agent", "referent", "animator", "superuser"]


def comments_url(draft, suffix=""):
    return f"/api/v1/drafts/{draft.pk}/comments/{suffix}"


@pytest.fixture
def thread(client_for, reader_agent, agent, draft):
    first = client_for(reader_agent).post(
        comments_url(draft),
        {
            "body": "Préciser la durée du marché.",
            "quote": "Le présent marché",
            "quote_start": 52,
            "quote_end": 69,
        },
    )
    assert first.status_code == 201, first.json()
    reply = client_for(agent).post(
        comments_url(draft), {"body": "Ajouté à l'article 2.", "parent": first.json()["id"]}
    )
    assert reply.status_code == 201
    return first.json(), reply.json()


@pytest.mark.parametrize("role", ROLES)
def test_who_comments(as_role, role, draft):
    response = as_role(role).post(comments_url(draft), {"body": "À revoir", "quote": "voirie"})
    expected = 401 if role == "anonymous" else 201 if role in COMMENTERS else 404
    assert response.status_code == expected
    listing = as_role(role).get(comments_url(draft))
    if expected == 201:
        (comment,) = listing.json()
        assert comment["body"] == "À revoir" and comment["quote"] == "voirie"
        assert comment["parent"] is None and comment["resolved_at"] is None
    else:
        assert listing.status_code == expected


def test_threads_come_back_flat_in_order(client_for, vannes, reader_agent, agent, draft, thread):
    first, reply = thread
    listing = client_for(agent).get(comments_url(draft)).json()
    assert [c["id"] for c in listing] == [first["id"], reply["id"]]
    assert listing[1]["parent"] == first["id"]
    assert listing[0]["author"] == {
        "id": reader_agent.pk,
        "display_name": reader_agent.display_name,
    }
    assert (listing[0]["quote_start"], listing[0]["quote_end"]) == (52, 69)


@pytest.mark.parametrize("role", ROLES)
def test_who_resolves_and_reopens(as_role, role, draft, thread):
    first, _reply = thread
    resolved = as_role(role).post(comments_url(draft, f"{first['id']}/resolve/"))
    assert resolved.status_code == expected_status(role, 200)
    if resolved.status_code == 200:
        assert resolved.json()["resolved_at"] and resolved.json()["resolved_by"]
        reopened = as_role(role).post(comments_url(draft, f"{first['id']}/reopen/"))
        assert reopened.json()["resolved_at"] is None and reopened.json()["resolved_by"] is None


def test_only_a_thread_resolves(client_for, agent, draft, thread):
    _first, reply = thread
    response = client_for(agent).post(comments_url(draft, f"{reply['id']}/resolve/"))
    assert response.status_code == 400


@pytest.mark.parametrize(
    "payload",
    [
        {"body": ""},
        {"body": "   "},
        {"body": "x", "parent": 999999},
        {"body": "x", "parent": "abc"},
        {"body": "x", "quote_start": 5},
        {"body": "x", "quote_start": 9, "quote_end": 3},
        {"body": "x" * 10_001},
    ],
)
def test_bad_comments_are_400s(client_for, agent, draft, payload):
    assert client_for(agent).post(comments_url(draft), payload).status_code == 400


def test_a_parent_from_another_draft_is_refused(client_for, agent, draft, space):
    other = client_for(agent).post("/api/v1/drafts/", {"space": space.pk, "title": "RC"}).json()
    parent = client_for(agent).post(f"/api/v1/drafts/{other['id']}/comments/", {"body": "x"})
    response = client_for(agent).post(
        comments_url(draft), {"body": "y", "parent": parent.json()["id"]}
    )
    assert response.status_code == 400


def test_comment_list_takes_a_fixed_number_of_queries(
    client_for, agent, reader_agent, draft, django_assert_max_num_queries
):
    client = client_for(agent)
    client.post(comments_url(draft), {"body": "a"})
    with django_assert_max_num_queries(10) as few:
        client.get(comments_url(draft))
    baseline = len(few.captured_queries)  # before the next request resets the log
    for i in range(6):
        created = client_for(reader_agent).post(comments_url(draft), {"body": f"b{i}"}).json()
        client.post(comments_url(draft, f"{created['id']}/resolve/"))
    with django_assert_max_num_queries(baseline):
        assert len(client.get(comments_url(draft)).json()) == 7
