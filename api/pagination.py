"""Pagination of the API's lists.

``Pagination`` is DRF's page numbers (``?page=N&page_size=M``, ``{count, next, previous,
results}``), for lists that stay small (a directory, a register).

``KeysetPagination`` is for the lists that grow to millions of rows (tenders, acts, forum topics
and posts, drafts; docs/decisions/0023). An offset makes the database read and drop every row
before the page, and an exact ``count`` reads them all; both grow with the table. Here:

- ``next`` and ``previous`` are keyset cursors (``?cursor=…``): the page after (before) the last
  (first) row shown, found through the ordering's index whatever the depth, and stable while
  rows are inserted between two fetches (no row seen twice, none skipped).
- ``count`` is exact up to ``count_limit`` rows, else ``count_limit`` with ``count_exact``
  false ("plus de 10 000"): counting stops early.
- ``?page=N`` still jumps directly to a page within the counted rows, what a page-numbered UI
  offers; a page past them is a 400 ``page_too_deep`` (follow ``next``).

The ordering is the queryset's (after the view's ordering filter), made total by the primary
key; NULLs sort as PostgreSQL sorts them by default (after every value ascending, before it
descending) on every database, so one plain b-tree index serves both directions. A cursor names
the ordering it was made for: a cursor of another ordering, or one that does not decode, is a
400 ``invalid_cursor``.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import F, Q
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from collectivites.errors import ApplicationError, ErrorCode

BIGINT_MAX = 2**63 - 1


class Pagination(PageNumberPagination):
    """``?page=N&page_size=M``; every list answers ``{count, next, previous, results}``."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "Page invalide."


@dataclass(frozen=True)
class Key:
    field: models.Field
    descending: bool

    @property
    def name(self) -> str:
        return ("-" if self.descending else "") + self.field.name

    def reversed(self) -> "Key":
        return Key(self.field, not self.descending)

    def order(self):
        expression = F(self.field.attname)
        if not self.field.null:
            return expression.desc() if self.descending else expression.asc()
        # NULL is past every value, as PostgreSQL's b-tree has it: no special index needed.
        if self.descending:
            return expression.desc(nulls_first=True)
        return expression.asc(nulls_last=True)

    def beyond(self, value: Any) -> Q:
        """Rows strictly after ``value`` in this key's order."""
        name = self.field.attname
        if value is None:  # NULL is the largest value
            return Q(**{f"{name}__isnull": False}) if self.descending else Q(pk__in=[])
        if self.descending:
            return Q(**{f"{name}__lt": value})
        after = Q(**{f"{name}__gt": value})
        return after | Q(**{f"{name}__isnull": True}) if self.field.null else after

    def equal(self, value: Any) -> Q:
        if value is None:
            return Q(**{f"{self.field.attname}__isnull": True})
        return Q(**{self.field.attname: value})

    def not_before(self, value: Any) -> Q | None:
        """A redundant bound on the first key that lets the database start its index scan at
        the cursor (an OR of comparisons alone is not used as an index condition)."""
        if value is None or (self.field.null and not self.descending):
            return None
        lookup = "lte" if self.descending else "gte"
        return Q(**{f"{self.field.attname}__{lookup}": value})


def ordering_keys(queryset: models.QuerySet) -> list[Key]:
    """The queryset's ordering as keys of its own model's fields, ending with the primary key."""
    model = queryset.model
    names = list(queryset.query.order_by or queryset.query.get_meta().ordering or [])
    keys: list[Key] = []
    for name in names:
        if not isinstance(name, str) or "__" in name or name.lstrip("-") == "?":
            raise ImproperlyConfigured(f"Keyset pagination orders by own fields only: {name!r}")
        descending = name.startswith("-")
        bare = name.lstrip("-")
        field = model._meta.pk if bare == "pk" else model._meta.get_field(bare)
        keys.append(Key(field, descending))
        if field.primary_key:
            return keys
    keys.append(Key(model._meta.pk, keys[-1].descending if keys else False))
    return keys


def _encode_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _decode_value(field: models.Field, raw: Any) -> Any:
    if raw is None:
        if not field.null:
            raise ValueError("null for a required field")
        return None
    if not isinstance(raw, str | int | bool) or isinstance(raw, bool) != isinstance(
        field, models.BooleanField
    ):
        raise ValueError("unexpected type")
    value = field.to_python(raw)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > BIGINT_MAX:
        raise ValueError("out of range")
    if isinstance(value, datetime) and value.tzinfo is None:
        raise ValueError("naive date-time")
    return value


class KeysetPagination(Pagination):
    cursor_query_param = "cursor"
    count_limit = 10_000
    invalid_cursor_message = "Curseur de pagination invalide : suivez les liens next et previous."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self.get_page_size(request)
        self.keys = keys = ordering_keys(queryset)
        self.count, self.count_exact = self._bounded_count(queryset)
        raw_cursor = request.query_params.get(self.cursor_query_param)
        self.cursor_given = bool(raw_cursor)
        self.backwards = False
        if raw_cursor:
            self.backwards, values = self._decode(raw_cursor)
            walk = [key.reversed() for key in keys] if self.backwards else keys
            rows = list(
                queryset.filter(self._after(walk, values)).order_by(*[k.order() for k in walk])[
                    : size + 1
                ]
            )
            self.has_more = len(rows) > size
            rows = rows[:size]
            if self.backwards:
                rows.reverse()
            self.cursor_values = values
            self.page_number = None
        else:
            self.page_number = self._page_number(request, size)
            offset = (self.page_number - 1) * size
            rows = list(queryset.order_by(*[k.order() for k in keys])[offset : offset + size + 1])
            self.has_more = len(rows) > size
            rows = rows[:size]
        self.rows = rows
        return rows

    # --- Reading the request -----------------------------------------------------------------

    def _page_number(self, request, size: int) -> int:
        raw = request.query_params.get(self.page_query_param) or "1"
        if not raw.isdigit() or len(raw) > 9 or int(raw) < 1:
            raise ApplicationError(
                self.invalid_page_message,
                extra={"fields": {self.page_query_param: [self.invalid_page_message]}},
            )
        number = int(raw)
        if number > 1 and (number - 1) * size >= self.count:
            if self.count_exact:
                raise ApplicationError(
                    self.invalid_page_message,
                    extra={"fields": {self.page_query_param: [self.invalid_page_message]}},
                )
            raise ApplicationError(
                f"Au-delà des {self.count_limit} premiers résultats, suivez le lien « next » "
                "(ou affinez la recherche).",
                code=ErrorCode.PAGE_TOO_DEEP,
            )
        return number

    def _bad_cursor(self) -> ApplicationError:
        return ApplicationError(
            self.invalid_cursor_message,
            extra={"fields": {self.cursor_query_param: [self.invalid_cursor_message]}},
            code=ErrorCode.INVALID_CURSOR,
        )

    def _decode(self, raw: str) -> tuple[bool, list]:
        try:
            if len(raw) > 1000:
                raise ValueError("too long")
            data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            order, values, backwards = data["o"], data["v"], data["b"]
            if order != [key.name for key in self.keys] or not isinstance(backwards, bool):
                raise ValueError("another ordering")
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("wrong length")
            decoded = [_decode_value(k.field, v) for k, v in zip(self.keys, values, strict=True)]
        except (ValueError, TypeError, KeyError, ValidationError, binascii.Error):
            raise self._bad_cursor() from None
        return backwards, decoded

    @staticmethod
    def _after(keys: list[Key], values: list) -> Q:
        """Rows strictly after ``values`` in the lexicographic order of ``keys``."""
        condition = Q(pk__in=[])
        equal = Q()
        for key, value in zip(keys, values, strict=True):
            condition |= equal & key.beyond(value)
            equal &= key.equal(value)
        bound = keys[0].not_before(values[0])
        return bound & condition if bound is not None else condition

    def _bounded_count(self, queryset) -> tuple[int, bool]:
        counted = queryset.order_by().values("pk")[: self.count_limit + 1].count()
        if counted > self.count_limit:
            return self.count_limit, False
        return counted, True

    # --- The answer ------------------------------------------------------------------------

    def _cursor_link(self, values: list, *, backwards: bool) -> str:
        data = {
            "o": [k.name for k in self.keys],
            "v": [_encode_value(v) for v in values],
            "b": backwards,
        }
        token = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        url = self.request.build_absolute_uri()
        url = remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, token.decode().rstrip("="))

    def _values(self, row) -> list:
        return [getattr(row, key.field.attname) for key in self.keys]

    def get_next_link(self):
        if self.rows and (self.has_more or self.backwards):
            return self._cursor_link(self._values(self.rows[-1]), backwards=False)
        if not self.rows and self.backwards and self.cursor_given:
            return self._cursor_link(self.cursor_values, backwards=False)
        return None

    def get_previous_link(self):
        if self.cursor_given:
            if self.rows and (not self.backwards or self.has_more):
                return self._cursor_link(self._values(self.rows[0]), backwards=True)
            if not self.rows and not self.backwards:
                return self._cursor_link(self.cursor_values, backwards=True)
            return None
        if self.page_number and self.page_number > 1 and self.rows:
            return self._cursor_link(self._values(self.rows[0]), backwards=True)
        return None

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "count_exact": self.count_exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["description"] = (
            f"Exact jusqu'à {self.count_limit} ; au-delà, {self.count_limit} "
            "et count_exact est faux."
        )
        answer["properties"]["count_exact"] = {"type": "boolean"}
        # Not required in the schema: typed test fixtures of the SPA predate it.
        answer["properties"]["next"]["description"] = "Page suivante (curseur)."
        answer["properties"]["previous"]["description"] = "Page précédente (curseur)."
        return answer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Curseur d'une page (liens next et previous).",
                "schema": {"type": "string"},
            }
        )
        return parameters
