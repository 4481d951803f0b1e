"""The Whoosh schema of one index (a model root and its indexed subclasses) and its documents.

Field names carry their role so that a user's word can never address a filter column:
``s__<path>`` full-text (French analyzer), ``a__<path>`` autocomplete (folded, not stemmed),
``f__<path>`` filter values (typed), with ``<path>`` the ``search_fields`` path joined by ``__``
(``authors__name``). ``key`` is the primary key, ``ctype`` every content type the object is an
instance of (so a search on a child model keeps only that child), ``nulls`` the filter fields whose
value is empty (``isnull``), ``sortkey`` a sortable copy of the key (the default order).
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models.fields.related import ForeignObjectRel
from django.utils import timezone
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    Indexed,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from whoosh import fields as wf

from search.analysis import folding_analyzer, french_analyzer

SEARCH_PREFIX = "s__"
AUTOCOMPLETE_PREFIX = "a__"
FILTER_PREFIX = "f__"
ID = "key"
CONTENT_TYPES = "ctype"
NULLS = "nulls"
PK = "sortkey"

INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}
FLOAT_TYPES = {"FloatField", "DecimalField"}
DATE_TYPES = {"DateField", "DateTimeField"}


class MultiID(wf.ID):
    """An untokenized string field that also accepts a list of values (a related object's values).

    Whoosh's ``ID`` takes one string per document; a multi-valued filter such as
    ``authors__name`` needs each value indexed as its own term.
    """

    def index(self, value, **kwargs):
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in sorted(set(values)):
            yield from super().index(item, **kwargs)


def path_name(prefix: str, path) -> str:
    """``f__authors__date_of_birth`` from a list of search_fields entries (or names)."""
    return prefix + "__".join(p if isinstance(p, str) else p.field_name for p in path)


def clean_filter_value(value):
    """A Python value as stored in (and compared against) a filter column."""
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value, datetime.UTC)
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    if isinstance(value, datetime.time):
        # Microseconds since midnight: times compare and sort as numbers.
        return (
            (value.hour * 60 + value.minute) * 60 + value.second
        ) * 1_000_000 + value.microsecond
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def _is_many(model, entry) -> bool:
    """Whether a search_fields entry yields several objects (M2M, reverse FK, tags)."""
    try:
        django_field = entry.get_field(model)
    except Exception:
        return False
    if isinstance(django_field, ForeignObjectRel):
        return not django_field.one_to_one
    return bool(
        getattr(django_field, "many_to_many", False) or getattr(django_field, "one_to_many", False)
    )


def _filter_field_type(type_name: str, *, multi: bool) -> wf.FieldType:
    sortable = not multi
    if type_name in INTEGER_TYPES or type_name in {"ForeignKey", "OneToOneField"}:
        return wf.NUMERIC(numtype=int, bits=64, signed=True, sortable=sortable)
    if type_name in FLOAT_TYPES:
        return wf.NUMERIC(numtype=float, bits=64, sortable=sortable)
    if type_name == "TimeField":
        return wf.NUMERIC(numtype=int, bits=64, signed=True, sortable=sortable)
    if type_name in DATE_TYPES:
        return wf.DATETIME(sortable=sortable)
    if type_name == "BooleanField":
        return wf.BOOLEAN()
    if multi:
        return MultiID()
    return wf.ID(sortable=True)


@dataclass
class IndexSchema:
    """What one index stores, derived from the ``search_fields`` of every model under a root."""

    root: type[models.Model]
    fields: dict[str, wf.FieldType] = field(default_factory=dict)
    boosts: dict[str, float] = field(default_factory=dict)
    integer_pk: bool = True

    @classmethod
    def for_root(cls, root) -> IndexSchema:
        pk_type = root._meta.pk.target_field if root._meta.pk.is_relation else root._meta.pk
        schema = cls(root=root, integer_pk=pk_type.get_internal_type() in INTEGER_TYPES)
        for model in get_indexed_models():
            if get_model_root(model) is root:
                schema._walk(model, model.get_search_fields(), [], multi=False)
        return schema

    def _walk(self, model, entries, path, *, multi: bool) -> None:
        for entry in entries:
            here = [*path, entry.field_name]
            if isinstance(entry, RelatedFields):
                related = entry.get_field(model).related_model
                self._walk(related, entry.fields, here, multi=multi or _is_many(model, entry))
            elif isinstance(entry, SearchField):
                name = path_name(SEARCH_PREFIX, here)
                self.fields.setdefault(name, wf.TEXT(analyzer=french_analyzer(), phrase=True))
                self.boosts.setdefault(name, float(entry.boost or 1.0))
            elif isinstance(entry, AutocompleteField):
                name = path_name(AUTOCOMPLETE_PREFIX, here)
                self.fields.setdefault(name, wf.TEXT(analyzer=folding_analyzer(), phrase=False))
            elif isinstance(entry, FilterField):
                name = path_name(FILTER_PREFIX, here)
                many = multi or _is_many(model, entry)
                self.fields.setdefault(name, _filter_field_type(entry.get_type(model), multi=many))

    @cached_property
    def whoosh_schema(self) -> wf.Schema:
        schema = wf.Schema(
            **{
                ID: wf.ID(stored=True, unique=True),
                CONTENT_TYPES: wf.KEYWORD(lowercase=False, scorable=False),
                NULLS: wf.KEYWORD(lowercase=False, scorable=False),
                PK: (
                    wf.NUMERIC(numtype=int, bits=64, signed=True, sortable=True)
                    if self.integer_pk
                    else wf.ID(sortable=True)
                ),
            }
        )
        for name, field_type in self.fields.items():
            schema.add(name, field_type)
        return schema

    def search_field_names(self, names=None) -> list[str]:
        """The full-text columns for a search (every one, or those of the ``fields=`` argument)."""
        if names is None:
            return sorted(n for n in self.fields if n.startswith(SEARCH_PREFIX))
        return [SEARCH_PREFIX + n for n in names if SEARCH_PREFIX + n in self.fields]

    def autocomplete_field_names(self, names=None) -> list[str]:
        if names is None:
            return sorted(n for n in self.fields if n.startswith(AUTOCOMPLETE_PREFIX))
        return [AUTOCOMPLETE_PREFIX + n for n in names if AUTOCOMPLETE_PREFIX + n in self.fields]


def content_types(model) -> list[str]:
    """The content type of ``model`` and of each indexed parent (``searchtests_book``, …)."""
    types = []
    cls = model
    while cls is not None:
        types.append(cls.indexed_get_content_type())
        cls = cls.indexed_get_parent()
    return types


def _related_objects(value) -> list:
    if value is None:
        return []
    if hasattr(value, "all") and callable(value.all):
        return list(value.all())
    if isinstance(value, (list, tuple, set)):
        return list(value)
    return [value]


class DocumentBuilder:
    """Turns a model instance into the Whoosh document of its index."""

    def __init__(self, schema: IndexSchema):
        self.schema = schema

    def build(self, obj: Indexed) -> dict:
        texts: dict[str, list[str]] = {}
        filters: dict[str, list] = {}
        self._collect([obj], type(obj).get_search_fields(), [], texts, filters)
        doc = {
            ID: str(obj.pk),
            PK: obj.pk if self.schema.integer_pk else str(obj.pk),
            CONTENT_TYPES: " ".join(content_types(type(obj))),
        }
        for name, parts in texts.items():
            if name in self.schema.fields and parts:
                doc[name] = "\n".join(parts)
        nulls = []
        for name, values in filters.items():
            field_type = self.schema.fields.get(name)
            if field_type is None:
                continue
            values = [v for v in values if v is not None]
            if not values:
                nulls.append(name)
            elif isinstance(field_type, MultiID):
                doc[name] = sorted({str(v) for v in values})
            elif isinstance(field_type, wf.BOOLEAN):
                doc[name] = bool(values[0])
            elif field_type.column_type is None:  # multi-valued number or date
                doc[name] = sorted(set(values))
            elif isinstance(field_type, wf.ID):
                doc[name] = str(values[0])
            else:
                doc[name] = values[0]
        if nulls:
            doc[NULLS] = " ".join(nulls)
        return doc

    def _collect(self, objs, entries, path, texts, filters) -> None:
        for entry in entries:
            here = [*path, entry.field_name]
            if isinstance(entry, RelatedFields):
                related = []
                for obj in objs:
                    related.extend(_related_objects(entry.get_value(obj)))
                self._collect(related, entry.fields, here, texts, filters)
            elif isinstance(entry, SearchField):
                bucket = texts.setdefault(path_name(SEARCH_PREFIX, here), [])
                bucket.extend(_texts(entry, objs))
            elif isinstance(entry, AutocompleteField):
                bucket = texts.setdefault(path_name(AUTOCOMPLETE_PREFIX, here), [])
                bucket.extend(_texts(entry, objs))
            elif isinstance(entry, FilterField):
                bucket = filters.setdefault(path_name(FILTER_PREFIX, here), [])
                for obj in objs:
                    value = entry.get_value(obj)
                    for item in _related_objects(value) if _is_listish(value) else [value]:
                        bucket.append(None if item is None else clean_filter_value(item))


def _is_listish(value) -> bool:
    return isinstance(value, (list, tuple, set)) or (hasattr(value, "all") and callable(value.all))


def _texts(entry, objs) -> list[str]:
    out = []
    for obj in objs:
        value = entry.get_value(obj)
        if value is None:
            continue
        if _is_listish(value):
            out.extend(str(v) for v in _related_objects(value) if v is not None)
        else:
            out.append(str(value))
    return [t for t in out if t]
