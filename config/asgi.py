"""ASGI entry point: HTTP through Django, WebSocket through Channels, on one process.

HTTP runs Django's WSGI handler in a pool of threads (a2wsgi) rather than Django's ASGI
handler, which hops between threads for every sync middleware: the views are all synchronous,
and the hops cost more than the request itself (bench/README.md, docs/decisions/0006). Request
and response bodies stream in both directions, so large files pass in constant memory.
Domain apps contribute WebSocket routes; the list below grows with them.
"""

import os

from django.conf import settings  # lazy: read once DJANGO_SETTINGS_MODULE is set below
from django.core.wsgi import get_wsgi_application

from .asgi_http import DisconnectAwareWSGIMiddleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# a2wsgi, stopping a response whose client has gone (config/asgi_http.py, ADR 0029).
django_http_app = DisconnectAwareWSGIMiddleware(
    get_wsgi_application(), workers=settings.HTTP_THREADS
)

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402

from forums.consumers import TopicConsumer  # noqa: E402
from spaces.consumers import DraftConsumer  # noqa: E402

from .ws_fallback import UnknownPathConsumer  # noqa: E402
from .ws_origin import CookieOriginGuard  # noqa: E402

websocket_urlpatterns: list = [
    # Apps' routes go here; the fallback stays last. The y-websocket client connects to
    # serverUrl + "/" + room, so a draft's socket is /ws/drafts/<id> (a trailing slash is fine).
    re_path(r"^ws/drafts/(?P<draft_id>[0-9]{1,18})/?$", DraftConsumer.as_asgi()),
    re_path(r"^ws/forums/topics/(?P<topic_id>[0-9]{1,18})/?$", TopicConsumer.as_asgi()),
    re_path(r"", UnknownPathConsumer.as_asgi()),
]

application = ProtocolTypeRouter(
    {
        "http": django_http_app,
        # The session cookie authenticates a socket only from an allowed origin; a ticket
        # authenticates it from anywhere, Origin or not (config/ws_origin.py).
        "websocket": CookieOriginGuard(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
