"""Reads on the library for a user (``actor``), filtered by the permission layer in SQL.

Other modules (spaces reading a model clause) fetch a page with ``page_get``: whoever may not
read it gets the same 404 as through the API.
"""

from .documents import document_get, document_list
from .pages import (
    page_breadcrumbs,
    page_children,
    page_get,
    page_list,
    page_render,
)
from .preview import page_preview_get
from .review import review_due_list

__all__ = [
    "document_get",
    "document_list",
    "page_breadcrumbs",
    "page_children",
    "page_get",
    "page_list",
    "page_preview_get",
    "page_render",
    "review_due_list",
]
