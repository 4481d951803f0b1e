"""Helpers for the co-editing socket tests: a y-websocket client made of pycrdt."""

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import re_path
from pycrdt import Doc, Text

from config.asgi import application
from spaces.coedit import protocol, rooms
from spaces.consumers import DraftConsumer
from spaces.services import draft_create

HEADERS = [(b"host", b"localhost"), (b"origin", b"http://localhost")]
TIMEOUT = 10  # seconds; generous for loaded CI machines (Redis layer, PostgreSQL)


@sync_to_async
def new_drafts(space, author, count: int) -> list:
    """``count`` drafts "CCTP 0", "CCTP 1"… of ``space``, each "# CCTP\n" to start with."""
    return [
        draft_create(actor=author, space=space, title=f"CCTP {index}", markdown="# CCTP\n")
        for index in range(count)
    ]


@sync_to_async
def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def worker_app(registry: rooms.RoomRegistry):
    """Another worker process: same routing, its own rooms (origin checks left out)."""
    return AuthMiddlewareStack(
        URLRouter(
            [
                re_path(
                    r"^ws/drafts/(?P<draft_id>[0-9]+)/?$",
                    DraftConsumer.as_asgi(worker_rooms=registry),
                )
            ]
        )
    )


class YClient:
    """One y-websocket connection with its own Yjs document."""

    def __init__(self, communicator: WebsocketCommunicator):
        self.communicator = communicator
        self.doc = Doc()
        self.text = self.doc.get("content", type=Text)

    # Raw frames.

    async def send(self, frame: bytes) -> None:
        # send_to() refuses an empty frame, which a client can still send.
        await self.communicator.send_input({"type": "websocket.receive", "bytes": frame})

    async def receive(self) -> bytes:
        output = await self.communicator.receive_output(TIMEOUT)
        assert output["type"] == "websocket.send", output
        return output["bytes"]

    async def receive_message(self) -> protocol.Message:
        return protocol.parse_message(await self.receive())

    async def nothing(self) -> None:
        assert await self.communicator.receive_nothing(timeout=0.3)

    async def closed_with(self, code: int, reason: str | None = None) -> None:
        output = await self.communicator.receive_output(TIMEOUT)
        assert (output["type"], output.get("code")) == ("websocket.close", code), output
        # Every close says why, in French (spaces.coedit.protocol.CLOSE_REASONS).
        assert output.get("reason"), output
        if reason is not None:
            assert output["reason"] == reason, output

    async def disconnect(self) -> None:
        await self.communicator.disconnect()

    # Protocol.

    async def sync(self, *, editor: bool = True) -> None:
        """Step 1 → the server's step 2 (applied) and, for editors, its step 1 (answered)."""
        await self.send(protocol.sync_message(protocol.SYNC_STEP1, self.doc.get_state()))
        reply = await self.receive_message()
        assert (reply.type, reply.sub_type) == (protocol.MESSAGE_SYNC, protocol.SYNC_STEP2)
        self.doc.apply_update(reply.payload)
        if editor:
            await self.answer_step1()

    async def answer_step1(self) -> None:
        """The server's step 1 (asking what we have that it lacks) → our step 2."""
        server_step1 = await self.receive_message()
        assert (server_step1.type, server_step1.sub_type) == (0, protocol.SYNC_STEP1)
        await self.send(
            protocol.sync_message(protocol.SYNC_STEP2, self.doc.get_update(server_step1.payload))
        )

    def local_edit(self, append: str) -> bytes:
        before = self.doc.get_state()
        self.text += append
        return self.doc.get_update(before)

    async def edit(self, append: str) -> bytes:
        update = self.local_edit(append)
        await self.send(protocol.sync_message(protocol.SYNC_UPDATE, update))
        return update

    async def receive_update(self) -> bytes:
        message = await self.receive_message()
        assert (message.type, message.sub_type) == (protocol.MESSAGE_SYNC, protocol.SYNC_UPDATE)
        self.doc.apply_update(message.payload)
        return message.payload

    async def set_awareness(self, client_id: int, clock: int, state: dict | None) -> None:
        update = protocol.encode_awareness_update(
            [protocol.AwarenessEntry(client_id, clock, state)]
        )
        await self.send(protocol.awareness_message(update))

    async def receive_awareness(self) -> dict[int, dict | None]:
        message = await self.receive_message()
        assert message.type == protocol.MESSAGE_AWARENESS, message
        return {e.client_id: e.state for e in protocol.parse_awareness_update(message.payload)}

    @property
    def content(self) -> str:
        return str(self.text)


async def connect(
    draft_id: int, *, user=None, query: str = "", app=None, slash: str = "", headers=None
) -> tuple[bool, YClient]:
    """Open a socket; ``headers`` replaces the default Host and Origin (the cookie is added)."""
    headers = list(HEADERS if headers is None else headers)
    if user is not None:
        headers.append((b"cookie", await session_cookie(user)))
    path = f"/ws/drafts/{draft_id}{slash}" + (f"?{query}" if query else "")
    communicator = WebsocketCommunicator(app or application, path, headers=headers)
    connected, _ = await communicator.connect(TIMEOUT)
    return connected, YClient(communicator)


async def joined(draft_id: int, user, **kwargs) -> YClient:
    """An accepted, synced connection."""
    connected, client = await connect(draft_id, user=user, **kwargs)
    assert connected
    return client


async def two_editors(draft_id: int, first, second) -> tuple[YClient, YClient]:
    """Two editors of the draft, each joined and through its first sync."""
    clients = []
    for user in (first, second):
        client = await joined(draft_id, user)
        await client.sync()
        clients.append(client)
    return clients[0], clients[1]


def awareness_state(name: str = "Moi", color: str = "#30bced") -> dict:
    return {"user": {"name": name, "color": color}, "cursor": None}
