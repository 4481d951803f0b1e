"""a2wsgi's WSGI-in-a-thread bridge, told when the client has gone (ADR 0006, ADR 0029).

Under uvicorn, ``send`` on a closed connection returns silently (the ASGI spec lets a server do
so). a2wsgi's thread then keeps pulling the response iterator to the end: a DCE ZIP whose client
went away after 10 MB was still read from storage to its last byte (1 GB), holding one of the
``HTTP_THREADS`` threads that every other request waits for. Here a task listens for
``http.disconnect`` once the request body has been read, and the next chunk the thread sends
raises ``ClientDisconnected``: the iterator is closed (its file with it), the thread is free.

The listener only starts when nobody else will call ``receive``: the request had no body
(Django's ``LimitedStream`` never reads ``wsgi.input`` without a ``Content-Length``) or the body
has been read to its end. A request whose body Django left unread keeps a2wsgi's behaviour.
"""

import asyncio

from a2wsgi.wsgi import WSGIMiddleware, WSGIResponder


class ClientDisconnected(OSError):
    """Raised in the WSGI thread on the first chunk sent after the client left."""


def _has_body(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False


class _Responder(WSGIResponder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gone = False  # set in the event loop, read by the WSGI thread

    async def __call__(self, scope, receive, send) -> None:
        body_read = not _has_body(scope)
        watcher: asyncio.Task | None = None

        async def tracking_receive():
            nonlocal body_read
            message = await receive()
            if message["type"] == "http.disconnect":
                self.gone = True
            elif not message.get("more_body", False):
                body_read = True
            return message

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            self.gone = True

        async def watching_send(message) -> None:
            nonlocal watcher
            if message["type"] == "http.response.start" and body_read and watcher is None:
                watcher = asyncio.ensure_future(watch())
            await send(message)

        try:
            await super().__call__(scope, tracking_receive, watching_send)
        except ClientDisconnected:
            pass  # nobody to answer; the thread has closed the response
        finally:
            if watcher is not None:
                watcher.cancel()

    def send(self, message) -> None:
        # In the WSGI thread, between two chunks of the response.
        if self.gone:
            raise ClientDisconnected("the client closed the connection")
        super().send(message)


class DisconnectAwareWSGIMiddleware(WSGIMiddleware):
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            responder = _Responder(self.app, self.executor, self.send_queue_size)
            return await responder(scope, receive, send)
        return await super().__call__(scope, receive, send)
