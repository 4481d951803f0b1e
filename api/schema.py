"""How the OpenAPI schema is generated: public paths only, and every error answer documented."""

from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def only_public_api(endpoints):
    """Keep the schema to ``/api/v1/``: Wagtail's admin API is internal to its admin UI."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ApiAutoSchema(AutoSchema):
    """Adds the error answers any operation of this API can give, in the one error shape.

    A view declares only the errors of its own logic (409 when a state forbids the act, 413…);
    the ones that come from the stack are added here, so the schema never omits them:
    401 (a wrong or expired token is refused on every endpoint), 403 (permission, or CSRF on a
    session write), 400 (the body or a query parameter is invalid) and 404 (any path with an
    id: absent or not visible; or a page number beyond the last page of a list), 415 (a write
    whose body comes in a type, or a form, its parsers cannot read) and 429 (the view has a DRF
    throttle). Errors are always JSON, even where success is a file.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in sorted(self._stack_error_statuses()):
            key = str(status)
            if key not in responses:
                responses[key] = self._get_response_for_code(
                    ErrorSerializer, key, ["application/json"], direction
                )
        return responses

    def _stack_error_statuses(self) -> set[int]:
        statuses = {401, 403}
        query = {param["name"] for param in self._get_parameters() if param.get("in") == "query"}
        if self.method not in READ_METHODS or query:
            statuses.add(400)
        if "{" in self.path or "page" in query:
            statuses.add(404)
        if self.method in BODY_METHODS:
            statuses.add(415)
        if getattr(self.view, "throttle_classes", None):
            statuses.add(429)
        return statuses
