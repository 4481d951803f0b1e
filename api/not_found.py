"""Every answer under ``/api/`` is JSON in the error shape, even when no API view ran.

``api_not_found`` is the API's last URL pattern; Django's own error handlers (``handler404``…
in ``config/urls.py``) catch the rest: a path that no pattern matches (``/api/`` itself, a
version that does not exist), a host not allowed (400), an exception outside DRF (500). Other
paths keep Django's HTML pages.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from collectivites.errors import ErrorCode

from .errors import error_response


@csrf_exempt
def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page.

    CSRF-exempt, as DRF's views are: it acts on nothing, and a POST to an unknown path must be
    a JSON 404, not Django's HTML page for a missing CSRF token.
    """
    return error_response(
        "Point d'accès inconnu.", ErrorCode.NOT_FOUND, 404, {"path": request.path}
    )


def is_api(request: HttpRequest) -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response("La requête est mal formée.", ErrorCode.INVALID, 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return error_response("Accès refusé.", ErrorCode.PERMISSION_DENIED, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return error_response(
            "Une erreur interne est survenue ; elle a été signalée.", ErrorCode.SERVER_ERROR, 500
        )
    return defaults.server_error(request)
