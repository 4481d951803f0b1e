"""What ``OPTIONS`` answers: the view's name, formats, and the fields each write accepts.

DRF's ``SimpleMetadata`` asks the view for its serializer (``view.get_serializer()``). Most of
this API's views declare their input with ``@extend_schema(request=...)`` and validate it
themselves, so they have no ``serializer_class`` and DRF's metadata answered 500 to anyone. Here
the input serializer of each write method is the one the OpenAPI schema documents (read through
drf-spectacular's view inspector, which also falls back on ``get_serializer``); a method whose
input cannot be described that way is simply left out: ``OPTIONS`` never fails.

The answer is always JSON: the schema and Swagger UI views render YAML and HTML pages, and
Swagger UI's HTML renderer could not render a description at all (another 500).
"""

import contextlib
import logging
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework import exceptions, serializers
from rest_framework.metadata import SimpleMetadata
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import clone_request

logger = logging.getLogger(__name__)

WRITE_METHODS = ("POST", "PUT", "PATCH")


class ApiNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that ``OPTIONS`` answers in JSON whatever the view renders."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.method == "OPTIONS":
            return JSONRenderer(), JSONRenderer.media_type
        return super().select_renderer(request, renderers, format_suffix)


class ApiMetadata(SimpleMetadata):
    def determine_metadata(self, request, view) -> dict[str, Any]:
        metadata = {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "methods": sorted(view.allowed_methods),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
        actions = self.determine_actions(request, view)
        if actions:
            metadata["actions"] = actions
        return metadata

    def determine_actions(self, request, view) -> dict[str, Any]:
        """The fields of each write the caller may attempt (view-level permissions only).

        The fields are those of the public schema, so nothing is disclosed by answering; who may
        act on which object is decided by the services when the write is sent.
        """
        actions = {}
        action = getattr(view, "action", None)
        for method in [m for m in WRITE_METHODS if m in view.allowed_methods]:
            view.request = clone_request(request, method)
            try:
                view.check_permissions(view.request)
            except (exceptions.APIException, PermissionDenied, Http404):
                continue  # not allowed: the method's fields are not shown
            else:
                fields = self._input_fields(view, method)
                if fields is not None:
                    actions[method] = fields
            finally:
                view.request = request
                if hasattr(view, "action_map"):
                    view.action = action
        return actions

    def _input_fields(self, view, method: str) -> dict[str, Any] | None:
        try:
            with _quietly():
                declared = self._declared_request(view, method)
            serializer = self._as_serializer(declared, view)
            return None if serializer is None else self.get_serializer_info(serializer)
        except Exception:  # OPTIONS describes what it can and never fails
            logger.debug("No input description for %s %s", method, view, exc_info=True)
            return None

    @staticmethod
    def _declared_request(view, method: str) -> Any:
        """The request body documented for ``method``, as drf-spectacular would generate it."""
        handler_name = method.lower()
        if hasattr(view, "action_map"):
            handler_name = view.action_map.get(method.lower())
            if handler_name is None:
                return None
            view.action = handler_name
        handler = getattr(view, handler_name, None)
        schema_class = getattr(handler, "kwargs", {}).get("schema")
        schema = schema_class() if isinstance(schema_class, type) else view.schema
        schema.view = view
        schema.method = method
        schema.path = view.request.path
        return schema.get_request_serializer()

    @staticmethod
    def _as_serializer(declared: Any, view) -> serializers.BaseSerializer | None:
        if isinstance(declared, dict):  # {media type: serializer}
            declared = next(iter(declared.values()), None)
        if isinstance(declared, type) and issubclass(declared, serializers.BaseSerializer):
            return declared(context={"request": view.request, "view": view})
        if isinstance(declared, serializers.BaseSerializer):
            return declared
        return None


@contextlib.contextmanager
def _quietly() -> Iterator[None]:
    """drf-spectacular's inspector reports what it cannot guess to the schema generator's tally;
    outside schema generation that tally must stay untouched (``--fail-on-warn`` reads it)."""
    warnings, errors = dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache)
    try:
        with GENERATOR_STATS.silence():
            yield
    finally:
        for cache, saved in [
            (GENERATOR_STATS._warn_cache, warnings),
            (GENERATOR_STATS._error_cache, errors),
        ]:
            cache.clear()
            cache.update(saved)
