from django.http import HttpRequest, JsonResponse

from collectivites.errors import ErrorCode

from .errors import error_response


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return error_response(
        "Point d'accès inconnu.", ErrorCode.NOT_FOUND, 404, {"path": request.path}
    )
