"""The draft an editor is previewing, for the SPA to render as it will be published.

Wagtail's "preview" (``HeadlessPreviewMixin.serve_preview``) stores the unsaved page being
edited and sends the SPA a signed token; the SPA exchanges it here. Only people who may propose
library pages (animators, contributors) may exchange a token, and only for a short while.
"""

from django.core import signing
from wagtail_headless_preview.models import PagePreview

from collectivites.errors import NotFoundError
from collectivites.permissions import AnyUser, user_can

from ..models import LibraryPage

PREVIEW_MAX_AGE_SECONDS = 3600


def page_preview_get(*, actor: AnyUser, token: str) -> LibraryPage:
    """The previewed page (unsaved, never live) for ``token``; 404 for a bad or old token."""
    try:
        LibraryPage.get_preview_signer().unsign(token, max_age=PREVIEW_MAX_AGE_SECONDS)
    except signing.BadSignature as error:  # SignatureExpired is one
        raise NotFoundError("Aperçu introuvable ou expiré.") from error
    preview = PagePreview.objects.filter(token=token).first()
    if preview is None:
        raise NotFoundError("Aperçu introuvable ou expiré.")
    page = preview.as_page()
    if not isinstance(page, LibraryPage) or not user_can(actor, "propose", page):
        raise NotFoundError("Aperçu introuvable ou expiré.")
    return page
