"""One ASGI application serves HTTP and WebSocket."""

import json

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator

from config.asgi import application
from config.ws_origin import CookieOriginGuard


@pytest.mark.django_db(transaction=True)
async def test_http_goes_through_django(rennes):
    # Raw ASGI messages: the spec lets a body message omit "body", which HttpCommunicator
    # does not expect.
    communicator = ApplicationCommunicator(
        application,
        {
            "type": "http",
            "http_version": "1.1",
            "method": "GET",
            "path": "/api/v1/collectivites/",
            "raw_path": b"/api/v1/collectivites/",
            "query_string": b"",
            "headers": [(b"host", b"localhost"), (b"x-forwarded-proto", b"https")],
        },
    )
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(5)
    assert start["status"] == 200
    body = b""
    while True:
        message = await communicator.receive_output(5)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    assert json.loads(body)["count"] == 1


# Database access allowed: a consumer's handlers close stale connections first (Channels'
# aclose_old_connections), which touches a connection an earlier test left open on the
# database thread (seen after tests/forums/test_live_push.py).
@pytest.mark.django_db(transaction=True)
async def test_an_unknown_websocket_path_is_refused_with_a_clear_code(settings):
    communicator = WebsocketCommunicator(
        application,
        "/ws/nothing/",
        headers=[(b"host", b"localhost"), (b"origin", b"http://localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}
    # End the consumer: left running, its channel-layer receive outlives the test's event loop
    # (with channels_redis, the next test's receive then waits on it).
    await communicator.disconnect()


# Database access allowed: a consumer's handlers close stale connections first (Channels'
# aclose_old_connections), which touches a connection an earlier test left open on the
# database thread (seen after tests/forums/test_live_push.py).
@pytest.mark.django_db(transaction=True)
async def test_websockets_without_or_from_a_foreign_origin_reach_the_routes():
    # The Origin check guards the session cookie (config/ws_origin.py), not the handshake: a
    # ticket needs no Origin, so no socket is refused with a bare 403 before the routes.
    for headers in ([(b"host", b"localhost")], [(b"host", b"x"), (b"origin", b"https://evil.x")]):
        communicator = WebsocketCommunicator(application, "/ws/nothing/", headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        assert (await communicator.receive_output())["code"] == 4404
        await communicator.disconnect()


async def test_a_cookie_from_a_foreign_origin_never_reaches_the_session_middleware():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope)

    guard = CookieOriginGuard(app)
    cookie = (b"cookie", b"sessionid=abc")
    for origin in (b"https://evil.example", b"http://localhost:8081", None):
        headers = [(b"host", b"localhost"), cookie] + ([(b"origin", origin)] if origin else [])
        await guard({"type": "websocket", "headers": headers}, None, None)
        assert cookie not in seen[-1]["headers"]
        assert seen[-1]["cookie_ignored"] is True
    headers = [(b"host", b"localhost"), cookie, (b"origin", b"http://localhost")]
    await guard({"type": "websocket", "headers": headers}, None, None)
    assert cookie in seen[-1]["headers"]
    assert "cookie_ignored" not in seen[-1]
