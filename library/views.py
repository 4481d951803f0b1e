"""The "due for review" report of the Wagtail admin (Rapports → Pages à relire)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports.base import PageReportView

from collectivites.errors import PermissionDeniedError

from . import selectors


class ReviewDueReportView(PageReportView):
    page_title = _("Pages à relire")
    header_icon = "time"
    index_url_name = "library_review_due"
    index_results_url_name = "library_review_due_results"
    list_export = [*PageReportView.list_export, "last_reviewed_on", "review_interval_days"]
    export_headings = {
        **PageReportView.export_headings,
        "last_reviewed_on": _("Dernière relecture"),
        "review_interval_days": _("Intervalle (jours)"),
    }

    def get_filename(self):
        return f"pages-a-relire-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        try:
            self.queryset = selectors.review_due_list(actor=self.request.user)
        except PermissionDeniedError as error:
            raise PermissionDenied from error
        return super().get_queryset()
