"""uvicorn's WebSocket protocol, except that a worker stopping says "going away" (1001).

On SIGTERM (compose and systemd stopping a worker for a deploy) uvicorn stops accepting, then
closes every open WebSocket with 1012 "service restart" and waits for the application to finish
each connection. 1012 says "come back here shortly"; a deploy (or scaling down) means "this
server is going away, go to another one", which RFC 6455 spells 1001, and which is what a
client, a proxy or a log reader should see. Everything else is uvicorn's own: the application
still receives every frame uvicorn read before the close, then ``websocket.disconnect`` (code
1001), and uvicorn still waits for it, so co-editing stores every update it read before the
process exits (tests/spaces/test_shutdown.py, docs/decisions/0025).

Selected with ``--ws config.uvicorn_ws:GoingAwayWebSocketProtocol`` (Procfile, platform/), the
import-string form uvicorn documents for its ``--ws`` option. It extends the implementation
uvicorn picks by default when ``websockets`` is installed (``websockets-sansio``); uvicorn is
pinned, and the shutdown test fails if a new version changes what this relies on.

It also offers the application a way to write frames it has already encoded
(``spaces.coedit.frames.RAW_SEND`` in the ASGI scope's extensions): co-editing sends the same
update to every editor of a draft, and framing it once and writing a connection's frames of one
event-loop turn at once is what lets one worker keep up with many editors
(docs/decisions/0034). Data frames are not part of the websockets connection's state, so
writing them beside it is safe; control frames (ping, close) stay uvicorn's.
"""

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request

from spaces.coedit.frames import RAW_SEND

GOING_AWAY = 1001
GOING_AWAY_REASON = "Serveur en cours d'arrêt : reconnexion à un autre serveur."
# Seconds a stopping worker waits for a client's reply to its close frame (uvicorn's own wait,
# 10 s, is for a close the application asked for; a deploy should not wait that long).
SHUTDOWN_CLOSE_TIMEOUT = 1.0


class _RawSend:
    """``spaces.coedit.frames.RawSend`` over one uvicorn connection."""

    __slots__ = ("_protocol",)

    def __init__(self, protocol: WebSocketsSansIOProtocol):
        self._protocol = protocol

    def write(self, data: bytes) -> bool:
        protocol = self._protocol
        # Only between the accepted handshake and the first close frame, sent or received.
        open_ = protocol.handshake_complete and not protocol.close_sent
        if not open_ or protocol.transport.is_closing():
            return False
        protocol.transport.write(data)
        return True

    def buffered(self) -> int:
        return self._protocol.transport.get_write_buffer_size()


class GoingAwayWebSocketProtocol(WebSocketsSansIOProtocol):
    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)  # only set when the handshake may go on
        if scope is not None:
            scope["extensions"][RAW_SEND] = _RawSend(self)

    def shutdown(self) -> None:
        """uvicorn's shutdown of an open socket, with 1001 instead of 1012, and a closing
        handshake instead of an abrupt close.

        uvicorn reads one message at a time (it pauses reading until the application takes
        the last one), so a busy socket still has unread frames in the kernel when the worker
        stops. Closing the TCP connection then makes the kernel answer with a reset, and the
        client may drop our close frame with it: it saw 1006 (abnormal closure), not 1001
        (tests/spaces/test_shutdown.py, 1 run in 3 once storing got faster, ADR 0035). So,
        as uvicorn does when the application closes: send the close frame, read on (frames
        after it are discarded, not given to the application), and close the connection when
        the client's close frame arrives, or after ``SHUTDOWN_CLOSE_TIMEOUT``.
        """
        if not self.handshake_complete or self.close_sent:
            super().shutdown()  # refused handshake (500) or already closing: uvicorn's way
            return
        self.stop_keepalive()
        self.queue.put_nowait({"type": "websocket.disconnect", "code": GOING_AWAY})
        self.conn.send_close(GOING_AWAY, GOING_AWAY_REASON)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.close_sent = True
        if self.read_paused:
            self.read_paused = False
            self.transport.resume_reading()
        self.close_timer = self.loop.call_later(SHUTDOWN_CLOSE_TIMEOUT, self.transport.close)
