"""The Origin check guards the session cookie, not the socket (config/ws_origin.py).

A ticket is the credential of non-browser clients (a stock y-websocket provider in Node sends
no Origin) and of pages elsewhere: accepted with any Origin or none. The session cookie
authenticates only from an allowed origin, compared whole (scheme, host, port); otherwise the
socket is anonymous and closed with 4401, saying why.
"""

import pytest
from asgiref.sync import sync_to_async

from config.asgi import application
from spaces.coedit import protocol
from spaces.coedit.tickets import ticket_issue
from spaces.consumers import COOKIE_IGNORED_REASON

from .coediting import connect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("worker_rooms")]

HOST = (b"host", b"localhost")


def _origin(value: str) -> tuple[bytes, bytes]:
    return (b"origin", value.encode())


async def _secure(scope, receive, send):
    """The socket as uvicorn sees it behind the TLS proxy (--proxy-headers): scheme wss."""
    return await application({**scope, "scheme": "wss"}, receive, send)


async def _cookie_accepted(draft, user, headers, app=None) -> None:
    connected, client = await connect(draft.pk, user=user, headers=headers, app=app)
    assert connected
    await client.sync()
    assert client.content == "# CCTP\n"
    await client.disconnect()


async def _cookie_refused(draft, user, headers, app=None) -> None:
    connected, client = await connect(draft.pk, user=user, headers=headers, app=app)
    assert connected  # accepted then closed, so that the client can read why
    await client.closed_with(protocol.CLOSE_UNAUTHENTICATED, COOKIE_IGNORED_REASON)
    await client.disconnect()


async def _ticket_accepted(draft, user, headers) -> None:
    ticket = await sync_to_async(ticket_issue)(user=user, draft=draft)
    connected, client = await connect(draft.pk, query=f"ticket={ticket}", headers=headers)
    assert connected
    await client.sync()
    await client.edit("ok")
    assert client.content == "# CCTP\nok"
    await client.disconnect()


async def test_a_ticket_socket_without_origin_is_accepted(draft, referent):
    await _ticket_accepted(draft, referent, [HOST])


async def test_a_ticket_socket_from_a_foreign_origin_is_accepted(draft, referent):
    await _ticket_accepted(draft, referent, [HOST, _origin("https://autre-site.example")])


async def test_a_cookie_socket_without_origin_is_refused(draft, referent):
    await _cookie_refused(draft, referent, [HOST])


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "null", "http://localhost.evil.example"]
)
async def test_a_cookie_socket_from_a_foreign_origin_is_refused(draft, referent, origin):
    await _cookie_refused(draft, referent, [HOST, _origin(origin)])


async def test_a_cookie_socket_from_another_port_of_the_host_is_refused(draft, referent):
    await _cookie_refused(draft, referent, [HOST, _origin("http://localhost:8081")])


async def test_a_cookie_socket_from_the_other_scheme_is_refused(draft, referent):
    # A plain-http page must not use the session of the https site, nor the reverse.
    await _cookie_refused(draft, referent, [HOST, _origin("https://localhost")])
    await _cookie_refused(draft, referent, [HOST, _origin("http://localhost")], app=_secure)


async def test_a_cookie_socket_from_its_own_origin_is_accepted(draft, referent):
    await _cookie_accepted(draft, referent, [HOST, _origin("http://localhost")])
    await _cookie_accepted(draft, referent, [HOST, _origin("http://localhost:80")])
    await _cookie_accepted(
        draft, referent, [(b"host", b"localhost:5173"), _origin("http://localhost:5173")]
    )
    await _cookie_accepted(draft, referent, [HOST, _origin("https://localhost")], app=_secure)


async def test_the_own_origin_counts_only_for_an_allowed_host(draft, referent, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    headers = [(b"host", b"evil.example"), _origin("http://evil.example")]
    await _cookie_refused(draft, referent, headers)


async def test_a_cookie_socket_from_the_public_url_is_accepted(draft, referent, settings):
    # TLS ends at the proxy and the socket came on plain ws: PUBLIC_URL still says https.
    settings.PUBLIC_URL = "https://e-partage.example.fr"
    headers = [(b"host", b"e-partage.example.fr"), _origin("https://e-partage.example.fr")]
    await _cookie_accepted(draft, referent, headers)
    await _cookie_refused(draft, referent, [HOST, _origin("https://e-partage.example.fr:8443")])


async def test_a_cookie_socket_from_a_csrf_trusted_origin_is_accepted(draft, referent, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://app.example.fr", "https://*.collectivites.fr"]
    await _cookie_accepted(draft, referent, [HOST, _origin("https://app.example.fr")])
    await _cookie_accepted(draft, referent, [HOST, _origin("https://rennes.collectivites.fr")])
    await _cookie_refused(draft, referent, [HOST, _origin("http://app.example.fr")])
    await _cookie_refused(draft, referent, [HOST, _origin("https://rennes.collectivites.fr:444")])
    await _cookie_refused(draft, referent, [HOST, _origin("https://evilcollectivites.fr")])


async def test_without_cookie_a_foreign_origin_is_refused_as_anonymous(draft):
    connected, client = await connect(draft.pk, headers=[HOST, _origin("https://evil.example")])
    assert connected
    # No cookie was dropped: the usual reason, not the origin's.
    await client.closed_with(
        protocol.CLOSE_UNAUTHENTICATED, protocol.CLOSE_REASONS[protocol.CLOSE_UNAUTHENTICATED]
    )
    await client.disconnect()
