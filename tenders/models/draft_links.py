"""Which drafting-space drafts a consultation is prepared with.

The tender room owns this link: drafting spaces know nothing of consultations (they are used to
write other documents too), while a consultation's DCE is made from drafts. A draft prepares at
most one consultation; a consultation may be prepared with several drafts (RC, CCTP, CCAP…).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class TenderDraft(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="draft_links")
    draft = models.OneToOneField(
        "spaces.Draft", on_delete=models.CASCADE, related_name="tender_link"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brouillon de la consultation")
        verbose_name_plural = _("brouillons de la consultation")

    def __str__(self) -> str:
        return f"{self.draft_id} → {self.tender_id}"
