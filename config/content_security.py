"""Content-Security-Policy per path (docs/decisions/0024-security-headers.md).

django-csp writes the header; it knows one site-wide policy (``CONTENT_SECURITY_POLICY``) plus
per-view decorators. The SPA, the API and the pages Django renders get that strict site-wide
policy: no inline script, no inline style, nothing from another origin. Two areas cannot live
with it and are not ours to rewrite: the Wagtail admin (inline ``<script>`` in its panels and
date widgets, inline styles, Gravatar avatars) and the API's HTML tools (the browsable API's
``style`` attributes). A decorator on each of their views is not possible (they come from
Wagtail and DRF), so the policy is chosen here by the request's path, the first matching prefix
of ``CONTENT_SECURITY_POLICY_BY_PATH`` winning; a view that sets its own policy with django-csp's
decorators still wins over both.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def policy_for_path(path: str) -> dict | None:
    """The directives for ``path`` when a looser area owns it, else None (the site-wide one)."""
    for prefix, directives in settings.CONTENT_SECURITY_POLICY_BY_PATH:
        if path.startswith(prefix):
            return directives
    return None


class PathContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self,
        request: HttpRequest,
        response: HttpResponseBase,
        report_only: bool = False,
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = policy_for_path(request.path_info)
        return parts
