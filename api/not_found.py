from django.http import HttpRequest, JsonResponse


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return JsonResponse(
        {"message": "Point d'accès inconnu.", "extra": {"path": request.path}}, status=404
    )
