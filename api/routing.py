"""The one way API routes are declared: DRF routers over path converters, ids as ``dbid``.

Every module registers its viewsets on a router made by ``api_router()``; nested collections
are registered with their parent in the prefix (``tenders/<dbid:tender_pk>/documents``) and
extra endpoints are ``@action(url_path=...)``, using ``<dbid:name>`` for any id in the path.
A database id in a URL is at most 18 digits, so it always fits a 64-bit integer: a longer
number is an unknown path (a JSON 404), never an overflow in the database (a 500).
"""

from django.urls import register_converter
from rest_framework.routers import SimpleRouter


class DbIdConverter:
    """A positive database id of at most 18 digits (fits a 64-bit signed integer)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DbIdConverter, "dbid")


class DbIdLookup:
    """Mixin for viewsets whose detail routes take a database id (``{pk}`` as ``dbid``)."""

    lookup_value_converter = "dbid"


def api_router() -> SimpleRouter:
    """A router whose URLs are Django ``path()`` patterns, so converters work in them."""
    return SimpleRouter(trailing_slash=True, use_regex_path=False)
