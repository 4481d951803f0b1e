"""Outgoing messages, encoded as WebSocket frames once for all the connections they go to.

A draft's update goes to every other connection of its room. Through ASGI, each of those
sends costs a task wake-up, the consumer's and middlewares' ``send`` chain, the server framing
the same bytes again, and one socket write: at 50 editors × 100 updates/s that is 5 000 of each
per second, and it is what made our fan-out slow next to the Node servers (issue 14,
docs/decisions/0034). So a message is framed once (``Frame.wire``), and a connection served by
our uvicorn protocol (``config/uvicorn_ws.py``) writes the framed bytes itself: every frame
queued for it during one event-loop turn goes out in one write (``Frame`` objects are shared,
the joined bytes are per connection).

The server protocol offers this through the ASGI scope's extensions under ``RAW_SEND``; a
server without it (daphne, Channels' test communicator) gets the same messages through the
ordinary ASGI ``send``.
"""

from typing import Protocol

from websockets.frames import Frame as WebSocketFrame
from websockets.frames import Opcode

# The ASGI scope extension our uvicorn WebSocket protocol offers (config/uvicorn_ws.py).
RAW_SEND = "e-partage.websocket.raw-send"


class RawSend(Protocol):
    """What ``scope["extensions"][RAW_SEND]`` offers."""

    def write(self, data: bytes) -> bool:
        """Write already framed bytes; False (nothing written) once the socket is closing."""

    def buffered(self) -> int:
        """Bytes written but not yet accepted by the client's side of the connection."""


class Frame:
    """One y-websocket message (``message``) and, made on first use, its WebSocket frame."""

    __slots__ = ("_wire", "message")

    def __init__(self, message: bytes):
        self.message = message
        self._wire: bytes | None = None

    @property
    def wire(self) -> bytes:
        """The unmasked binary frame a server sends (RFC 6455 §5.2), never compressed: a
        message without RSV1 is valid whether or not permessage-deflate was negotiated."""
        if self._wire is None:
            frame = WebSocketFrame(Opcode.BINARY, self.message)
            self._wire = frame.serialize(mask=False)
        return self._wire

    def __len__(self) -> int:
        return len(self.message)
