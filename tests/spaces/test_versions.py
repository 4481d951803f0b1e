"""Named versions: save, list, view, diff, and restore as a live edit."""

import asyncio

import pytest
from asgiref.sync import async_to_sync, sync_to_async

from collectivites.models import AuditEvent
from spaces.coedit import store
from spaces.models import DraftVersion

from .conftest import CCTP, ROLES
from .test_drafts_api import append, expected_status

pytestmark = pytest.mark.django_db


def versions_url(draft, suffix=""):
    return f"/api/v1/drafts/{draft.pk}/versions/{suffix}"


@pytest.fixture
def two_versions(client_for, agent, draft):
    """v1 = the initial CCTP; v2 = with a second article."""
    client = client_for(agent)
    assert client.post(versions_url(draft), {"label": "Première lecture"}).status_code == 201
    append(draft.pk, agent.pk, "\n## Article 2 — Durée\n\nUn an.\n")
    assert client.post(versions_url(draft), {"label": "Avec la durée"}).status_code == 201
    return draft


@pytest.mark.parametrize("role", ROLES)
def test_who_saves_and_reads_versions(as_role, role, draft):
    client = as_role(role)
    saved = client.post(versions_url(draft), {"label": "Avant la réunion"})
    assert saved.status_code == expected_status(role, 201)
    if saved.status_code != 201:
        return
    assert saved.json()["number"] == 1 and saved.json()["markdown"] == CCTP
    for reader in ("reader_agent", "animator"):
        listing = as_role(reader).get(versions_url(draft)).json()
        assert [(v["number"], v["label"]) for v in listing] == [(1, "Avant la réunion")]
        one = as_role(reader).get(versions_url(draft, "1/")).json()
        assert one["markdown"] == CCTP and "<table>" in one["html"]
    assert AuditEvent.objects.filter(action="draft.version_saved").count() == 1


def test_versions_snapshot_the_live_text(two_versions):
    v1, v2 = DraftVersion.objects.filter(draft=two_versions).order_by("number")
    assert v1.markdown == CCTP and "Article 2" in v2.markdown
    assert v2.seq == 1


def test_version_list_takes_a_fixed_number_of_queries(
    client_for, agent, draft, django_assert_max_num_queries
):
    client = client_for(agent)
    client.post(versions_url(draft), {"label": "v"})
    with django_assert_max_num_queries(10) as few:
        client.get(versions_url(draft))
    baseline = len(few.captured_queries)  # before the next request resets the log
    for i in range(8):
        client.post(versions_url(draft), {"label": f"v{i}"})
    with django_assert_max_num_queries(baseline):
        assert len(client.get(versions_url(draft)).json()) == 9


def test_diff_between_versions_and_with_the_current_text(client_for, reader_agent, two_versions):
    client = client_for(reader_agent)
    url = f"/api/v1/drafts/{two_versions.pk}/diff/"
    body = client.get(url, {"from": 1, "to": 2}).json()
    assert body["from"] == "1" and body["to"] == "2"
    assert body["unified"].startswith("--- v1\n+++ v2\n")
    assert "+## Article 2 — Durée" in body["unified"]
    ops = {(line["op"], line["text"]) for line in body["lines"]}
    assert ("insert", "## Article 2 — Durée") in ops
    assert ("equal", "# CCTP — Entretien de la voirie") in ops
    current = client.get(url, {"from": 2}).json()
    assert current["to"] == "current" and current["unified"] == ""
    assert {line["op"] for line in current["lines"]} == {"equal"}


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"from": "abc"}, 400), ({"from": 9}, 404), ({"from": 1, "to": "-1"}, 404)],
)
def test_bad_diff_requests(client_for, agent, two_versions, params, status):
    response = client_for(agent).get(f"/api/v1/drafts/{two_versions.pk}/diff/", params)
    assert response.status_code == status


def test_restoring_is_a_live_edit_and_keeps_the_current_text(
    client_for, agent, two_versions, django_capture_on_commit_callbacks, channel_layer
):
    append(two_versions.pk, agent.pk, "Travail non enregistré.\n")

    def restore():
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(agent).post(versions_url(two_versions, "1/restore/"))

    async def restore_while_listening():
        # One event loop for subscribing and receiving: the Redis pub/sub layer keeps channels
        # per loop, and each async_to_sync call from a sync test runs a loop of its own. The
        # restore's broadcast, sent from this loop's thread, goes through this loop too.
        channel = await channel_layer.new_channel()
        await channel_layer.group_add(store.group_name(two_versions.pk), channel)
        response = await sync_to_async(restore)()
        return response, await asyncio.wait_for(channel_layer.receive(channel), 10)

    response, message = async_to_sync(restore_while_listening)()
    assert response.status_code == 200
    assert response.json()["markdown"] == CCTP
    assert message["type"] == "draft.update" and message["seq"] == 3
    versions = client_for(agent).get(versions_url(two_versions)).json()
    assert versions[0]["label"] == "Avant restauration de v1"
    saved = DraftVersion.objects.get(draft=two_versions, number=3)
    assert saved.markdown.endswith("Travail non enregistré.\n")
    event = AuditEvent.objects.get(action="draft.version_restored")
    assert event.details == {"number": 1, "seq": 3, "saved_before": 3}
    # Restoring again: the current text is already kept, so nothing more is saved.
    client_for(agent).post(versions_url(two_versions, "2/restore/"))
    assert DraftVersion.objects.filter(draft=two_versions).count() == 3


@pytest.mark.parametrize("role", ["reader_agent", "animator"])
def test_readers_cannot_restore(client_for, request, role, two_versions):
    response = client_for(request.getfixturevalue(role)).post(
        versions_url(two_versions, "1/restore/")
    )
    assert response.status_code == 403


def test_a_label_is_required_and_unknown_versions_are_404s(client_for, agent, draft):
    client = client_for(agent)
    assert client.post(versions_url(draft), {"label": "  "}).status_code == 400
    assert client.get(versions_url(draft, "7/")).status_code == 404
    assert client.post(versions_url(draft, "7/restore/")).status_code == 404
