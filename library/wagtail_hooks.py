"""The library in the Wagtail admin: document downloads through the permission layer, and the
animators' "due for review" report."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from collectivites.errors import NotFoundError, PermissionDeniedError

from . import selectors
from .models import LibraryPage
from .views import ReviewDueReportView


@hooks.register("before_serve_document")
def documents_follow_the_pages_linking_them(document, request):
    """Wagtail serves ``/documents/<id>/<name>`` to anyone: a denied read is a 404 here too."""
    try:
        selectors.document_get(actor=request.user, document_id=document.pk)
    except NotFoundError as error:
        raise Http404 from error


@hooks.register("before_serve_page", order=-100)
def library_pages_follow_the_permission_layer(page, request, serve_args, serve_kwargs):
    """Before Wagtail's own restriction check (which would redirect to a login form, telling
    that the page exists): a library page the visitor may not read is a 404."""
    if isinstance(page, LibraryPage):
        try:
            selectors.page_get(actor=request.user, page_id=page.pk)
        except NotFoundError as error:
            raise Http404 from error


@hooks.register("register_admin_urls")
def review_due_urls():
    return [
        path(
            "base-documentaire/a-relire/", ReviewDueReportView.as_view(), name="library_review_due"
        ),
        path(
            "base-documentaire/a-relire/resultats/",
            ReviewDueReportView.as_view(results_only=True),
            name="library_review_due_results",
        ),
    ]


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        try:
            selectors.review_due_list(actor=request.user)
        except PermissionDeniedError:
            return False
        return True


@hooks.register("register_reports_menu_item")
def review_due_menu_item():
    return ReviewDueMenuItem(
        _("Pages à relire"), reverse("library_review_due"), icon_name="time", order=100
    )
