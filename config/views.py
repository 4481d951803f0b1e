"""Serves the built single-page app for every client-side route."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe


@lru_cache(maxsize=1)
def _index_html() -> str | None:
    index = settings.FRONTEND_DIST / "index.html"
    return index.read_text(encoding="utf-8") if index.is_file() else None


@require_safe
@ensure_csrf_cookie
# The Wagtail admin's preview frames the SPA's reading view (same origin only; the CSP's
# frame-ancestors says the same).
@xframe_options_sameorigin
def spa(request: HttpRequest) -> HttpResponse:
    if settings.DEBUG:
        _index_html.cache_clear()
    html = _index_html()
    if html is None:
        return HttpResponse(
            "<!doctype html><html lang='fr'><title>e-Partage</title>"
            "<p>L'interface n'est pas construite : lancez <code>make run</code> "
            "(ou <code>make frontend</code>).</p></html>",
            status=503,
        )
    return HttpResponse(html)
