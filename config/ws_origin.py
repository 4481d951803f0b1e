"""Which WebSocket handshakes may be authenticated by the session cookie: the Origin check.

Browsers send the session cookie with every WebSocket handshake to our host, whichever page
opened it, and the same-origin policy does not apply to WebSockets: without a check, any site a
logged-in user visits could open a co-editing socket in their name (cross-site WebSocket
hijacking). Browsers also always send ``Origin`` with a handshake, so the check is on it.

The check guards the *cookie*, not the socket: a handshake whose Origin is not allowed goes on
without its ``Cookie`` header (the session middleware then sees an anonymous user), and is told
so in ``scope["cookie_ignored"]`` so that a consumer can say why it refuses (4401 on the draft
socket). A single-use ``?ticket=`` is not an ambient credential — a page can only send one it
was given — so a socket carrying a ticket needs no Origin at all, and non-browser Yjs clients
(a stock y-websocket provider in Node sends no Origin) work unchanged. This replaces Channels'
``AllowedHostsOriginValidator``, which refused such clients with a bare 403 before any ticket
was read, and compared host names only (any port of an allowed host passed).

Allowed origins, compared as a whole (scheme, host and port, default ports made explicit):

- the socket's own origin: the ``Host`` header (when it is in ``ALLOWED_HOSTS``) with the
  scheme the socket came on (``ws`` → ``http``, ``wss`` → ``https``; uvicorn's
  ``--proxy-headers`` sets ``wss`` behind the TLS proxy). This is the SPA served by this very
  site, and the Vite dev server, which proxies sockets without rewriting ``Host``;
- ``PUBLIC_URL``'s origin: the address users reach the platform at, even when the proxy does
  not tell the application that it terminated TLS;
- ``CSRF_TRUSTED_ORIGINS``, with Django's ``https://*.example.fr`` form: the origins already
  trusted to make cookie-authenticated writes, which is what a co-editing socket is.

``CORS_ALLOWED_ORIGINS`` is not included: it lets other origins *read* the API with the
session; a socket writes. docs/decisions/0008-coediting-protocol-rooms-per-worker.md.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.utils.http import is_same_domain

DEFAULT_PORTS = {"http": 80, "https": 443}
SOCKET_SCHEMES = {"ws": "http", "wss": "https"}


def _origin(value: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin, or None if it is not an http(s) origin."""
    try:
        parts = urlsplit(value.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def _own_origin(scope) -> tuple[str, str, int] | None:
    host = _header(scope, b"host")
    scheme = SOCKET_SCHEMES.get(scope.get("scheme", "ws"))
    if not host or scheme is None:
        return None
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    return _origin(f"{scheme}://{host}")


def _trusted(origin: tuple[str, str, int], pattern: str) -> bool:
    """A ``CSRF_TRUSTED_ORIGINS`` entry: an exact origin, or ``scheme://*.domain[:port]``."""
    if "://*." not in pattern:
        return _origin(pattern) == origin
    scheme, _sep, rest = pattern.lower().partition("://*")
    expected = _origin(f"{scheme}://{rest[1:]}")
    return (
        expected is not None
        and origin[0] == expected[0]
        and origin[2] == expected[2]
        and is_same_domain(origin[1], "." + expected[1])
    )


def origin_allowed(scope) -> bool:
    """May this handshake's session cookie authenticate it? (Origin missing or ``null``: no.)"""
    value = _header(scope, b"origin")
    origin = _origin(value) if value else None
    if origin is None:
        return False
    if origin in (_own_origin(scope), _origin(settings.PUBLIC_URL)):
        return True
    return any(_trusted(origin, pattern) for pattern in settings.CSRF_TRUSTED_ORIGINS)


class CookieOriginGuard:
    """ASGI middleware for WebSockets: drop the ``Cookie`` header unless the Origin is allowed.

    Placed outside the session middleware, so nothing downstream can authenticate with a cookie
    that came from a foreign (or no) origin.
    """

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            headers = scope.get("headers", [])
            kept = [(key, value) for key, value in headers if key != b"cookie"]
            scope = {**scope, "headers": kept, "cookie_ignored": len(kept) != len(headers)}
        return await self.application(scope, receive, send)
