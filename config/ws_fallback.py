from channels.generic.websocket import WebsocketConsumer

UNKNOWN_PATH_CLOSE_CODE = 4404


class UnknownPathConsumer(WebsocketConsumer):
    """Any WebSocket path no app claims: close with a code a client can act on.

    Accepting first is what lets the close code reach the client; refusing the handshake
    would only show a generic 403.
    """

    def connect(self):
        self.accept()
        self.close(code=UNKNOWN_PATH_CLOSE_CODE)
