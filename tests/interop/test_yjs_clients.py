"""Stock Yjs clients (node: yjs + y-websocket from npm) against real server processes.

They authenticate with tickets and send no Origin header, as any non-browser client.

Several clients edit one draft concurrently, split across two server processes when a Redis
channel layer links them (CI's second run), and must converge; the REST API must then return
the very text they converged on. A reconnecting client that edited offline converges too.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from spaces.coedit.tickets import ticket_issue
from spaces.services import draft_create, space_create
from tests.live_asgi import asgi_servers

pytestmark = pytest.mark.django_db(transaction=True)

TOOLS = Path(settings.BASE_DIR) / "tools" / "yjs"
INTEROP = TOOLS / "interop.mjs"
INITIAL = "# Cahier des clauses techniques particulières\n"


@pytest.fixture(scope="module", autouse=True)
def _node_clients():
    if not (TOOLS / "node_modules" / "y-websocket").is_dir() or not shutil.which("node"):
        message = "node or tools/yjs/node_modules missing: run `make yjs-tools`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def draft(animator, rennes, brest, referent, agent):
    space = space_create(
        actor=animator, title="CCTP mutualisé", members=[(rennes, "editor"), (brest, "editor")]
    )
    return draft_create(actor=referent, space=space, title="CCTP voirie", markdown=INITIAL)


def _server_count() -> int:
    """Two processes need a shared channel layer; the in-memory one links only one process."""
    return 2 if settings.REDIS_URL else 1


def _run_clients(urls: list[str], draft, users, *args: str) -> dict:
    tickets = [ticket_issue(user=user, draft=draft) for user in users]
    ws_urls = [url.replace("http://", "ws://") + "/ws/drafts" for url in urls]
    command = ["node", str(INTEROP), "--url", ws_urls[0], "--room", str(draft.pk)]
    if len(ws_urls) > 1:
        command += ["--url2", ws_urls[1]]
    # "--tickets=…" in one argument: a ticket may start with "-", which parseArgs would
    # otherwise take for an option (1 run in 64 failed so).
    # No --origin: like any non-browser client, the provider sends no Origin header, and a
    # ticket socket needs none (config/ws_origin.py).
    command += [f"--tickets={','.join(tickets)}", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=90)
    assert result.stdout, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert result.returncode == 0, outcome
    return outcome


def _rest_markdown(draft, user) -> str:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/drafts/{draft.pk}/")
    assert response.status_code == 200, response.content
    return response.json()["markdown"]


def test_concurrent_clients_converge_and_rest_returns_their_text(draft, referent, agent):
    with asgi_servers(_server_count()) as urls:
        outcome = _run_clients(
            urls,
            draft,
            [referent, agent, referent, agent],
            "--clients", "4", "--edits", "40", "--expect-initial", INITIAL,
        )  # fmt: skip
        assert outcome["converged"]
        assert outcome["text"] != INITIAL
    # The servers are gone: everything they acknowledged is in the database.
    assert _rest_markdown(draft, referent) == outcome["text"]


def test_a_client_that_edited_offline_converges_after_reconnecting(draft, referent, agent):
    with asgi_servers(_server_count()) as urls:
        outcome = _run_clients(
            urls,
            draft,
            [referent, agent, agent, referent],  # the last ticket is for the reconnection
            "--clients", "3", "--edits", "30", "--reconnect",
        )  # fmt: skip
    assert outcome["converged"]
    assert _rest_markdown(draft, agent) == outcome["text"]


def test_a_session_cookie_counts_only_from_an_allowed_origin(draft, referent):
    browser = Client()
    browser.force_login(referent, backend="django.contrib.auth.backends.ModelBackend")
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    with asgi_servers(1) as urls:
        ws_url = urls[0].replace("http://", "ws://") + "/ws/drafts"
        command = ["node", str(INTEROP), "--url", ws_url, "--room", str(draft.pk)]
        command += [f"--cookie={cookie}", "--clients", "1", "--edits", "3", "--timeout", "5000"]
        # No Origin: the cookie is ignored, the socket is anonymous and refused for good.
        refused = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert "refused 4401" in json.loads(refused.stdout.strip().splitlines()[-1])["error"]
        # The server's own origin: the cookie authenticates.
        accepted = subprocess.run(
            [*command, "--origin", urls[0]], capture_output=True, text=True, timeout=60
        )
        assert accepted.returncode == 0, accepted.stdout + accepted.stderr
        assert json.loads(accepted.stdout.strip().splitlines()[-1])["converged"]
