"""Helpers for writing many rows at once (demo data, the national generator)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import models


@contextmanager
def historical_dates(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let ``bulk_create`` keep the dates given instead of stamping the clock's
    (``auto_now``/``auto_now_add``): generated history spans years."""
    fields = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
