"""One ASGI application serves HTTP and WebSocket."""

import json

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator

from config.asgi import application


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


async def test_websockets_from_a_foreign_origin_are_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/nothing/",
        headers=[(b"host", b"localhost"), (b"origin", b"https://evil.example")],
    )
    connected, _ = await communicator.connect()
    assert not connected
