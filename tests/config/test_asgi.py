"""One ASGI application serves HTTP and WebSocket."""

import json

import pytest
from channels.testing import HttpCommunicator, WebsocketCommunicator

from config.asgi import application


@pytest.mark.django_db(transaction=True)
async def test_http_goes_through_django(rennes):
    communicator = HttpCommunicator(
        application,
        "GET",
        "/api/v1/collectivites/",
        headers=[(b"host", b"localhost"), (b"x-forwarded-proto", b"https")],
    )
    response = await communicator.get_response()
    assert response["status"] == 200
    assert json.loads(response["body"])["count"] == 1


async def test_an_unknown_websocket_path_is_refused_with_a_clear_code(settings):
    communicator = WebsocketCommunicator(
        application,
        "/ws/nothing/",
        headers=[(b"host", b"localhost"), (b"origin", b"http://localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_websockets_from_a_foreign_origin_are_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/nothing/",
        headers=[(b"host", b"localhost"), (b"origin", b"https://evil.example")],
    )
    connected, _ = await communicator.connect()
    assert not connected
