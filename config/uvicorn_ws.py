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
"""

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

GOING_AWAY = 1001
GOING_AWAY_REASON = "Serveur en cours d'arrêt : reconnexion à un autre serveur."


class GoingAwayWebSocketProtocol(WebSocketsSansIOProtocol):
    def shutdown(self) -> None:
        """uvicorn's shutdown of an open socket, with 1001 instead of 1012."""
        if not self.handshake_complete or self.close_sent:
            super().shutdown()  # refused handshake (500) or already closing: uvicorn's way
            return
        self.stop_keepalive()
        self.queue.put_nowait({"type": "websocket.disconnect", "code": GOING_AWAY})
        self.conn.send_close(GOING_AWAY, GOING_AWAY_REASON)
        self.transport.write(b"".join(self.conn.data_to_send()))
        self.transport.close()
