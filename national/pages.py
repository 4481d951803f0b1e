"""Wagtail pages inserted in bulk, with the tree paths treebeard would have computed.

``parent.add_child`` costs several queries per page (it locks and re-reads the parent, writes
each table of the page's model chain); at 100 000 pages that is hours. Here each batch is one
insert per table: the ``wagtailcore_page`` rows through ``bulk_create`` (with ``path``, ``depth``
and ``url_path`` computed as treebeard and Wagtail do), then the rows of each table below it
(``LibraryPage``, then ``GuidePage``…) from the same instances, then the parent's ``numchild``.
No signal is sent and no revision is written: the pages are live as published once, which is
what a bulk import of old content looks like. Search indexing is left to ``update_index``.
"""

import uuid
from collections.abc import Callable, Iterator
from random import Random

from django.db import connection
from django.db.models import Model
from wagtail.models import Locale, Page


def _child_tables(model: type[Model]) -> list[type[Model]]:
    """The concrete models between ``Page`` (excluded) and ``model`` (included), top first."""
    chain = [m for m in model._meta.get_parent_list() if m is not Page and not m._meta.abstract]
    chain = [m for m in reversed(chain) if issubclass(m, Page)]
    return [*chain, model]


def _insert_rows(model: type[Model], instances: list[Model]) -> None:
    fields = model._meta.local_concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
        for obj in instances
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def bulk_add_children(
    parent: Page,
    model: type[Page],
    count: int,
    build: Callable[[int], Page],
    *,
    rng: Random,
    batch_size: int,
) -> Iterator[list[Page]]:
    """Add ``count`` children of ``model`` under ``parent``, ``batch_size`` at a time; each
    batch is yielded once stored (for progress bars and for rows that refer to the pages).

    ``build(i)`` returns an unsaved page with its own fields (title, slug…); the tree fields,
    the content type, the locale and the translation key are set here.
    """
    parent.refresh_from_db()
    last = parent.get_last_child()
    step = 0 if last is None else Page._str2int(last.path[-Page.steplen :])
    content_type_id = _content_type_id(model)
    locale_id = parent.locale_id or Locale.get_default().pk
    tables = _child_tables(model)
    done = 0
    while done < count:
        pages = []
        for i in range(done, min(count, done + batch_size)):
            page = build(i)
            step += 1
            page.path = Page._get_path(parent.path, parent.depth + 1, step)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.content_type_id = content_type_id
            page.locale_id = locale_id
            page.translation_key = uuid.UUID(int=rng.getrandbits(128), version=4)
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            pages.append(page)
        base = [
            Page(
                **{
                    f.attname: getattr(p, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for p in pages
        ]
        Page.objects.bulk_create(base)
        for page, stored in zip(pages, base, strict=True):
            page.pk = page.page_ptr_id = stored.pk
            for table in tables:  # each parent link (librarypage_ptr_id…) is the same id
                for field in table._meta.local_concrete_fields:
                    if field.primary_key:
                        setattr(page, field.attname, stored.pk)
        for table in tables:
            _insert_rows(table, pages)
        done += len(pages)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + done)
        yield pages


def _content_type_id(model: type[Model]) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk
