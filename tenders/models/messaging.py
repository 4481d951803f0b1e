"""Requests to complete a candidature (R.2144-2) or clarify an offer (R.2152-2), through the
platform's secure messaging: a request with a deadline to one company, its answer sealed
(encrypted with the tender's ``messages`` key) and timestamped by the server."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class RequestKind(models.TextChoices):
    COMPLETE_CANDIDATURE = (
        "completer_candidature",
        _("Demande de compléments à la candidature (R.2144-2)"),
    )
    CLARIFY_OFFER = "preciser_offre", _("Demande de précisions sur l'offre (R.2152-2)")


class ClarificationRequest(models.Model):
    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, related_name="clarification_requests"
    )
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="clarification_requests"
    )
    kind = models.CharField(max_length=24, choices=RequestKind.choices)
    text = models.TextField(_("demande"))
    deadline = models.DateTimeField(_("date limite de réponse"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer_receipt = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["tender", "-sent_at", "-id"]
        verbose_name = _("demande de compléments ou de précisions")
        verbose_name_plural = _("demandes de compléments ou de précisions")

    def __str__(self) -> str:
        return f"Demande {self.pk} à {self.company_id}"


def answer_upload_to(row: "AnswerFile", filename: str) -> str:
    return f"tenders/messages/{row.request.tender_id}/{uuid.uuid4().hex}.enc"


class AnswerFile(models.Model):
    """A sealed piece of an answer; the answer's text itself is one (``is_text``)."""

    request = models.ForeignKey(
        ClarificationRequest, on_delete=models.PROTECT, related_name="answer_files"
    )
    is_text = models.BooleanField(default=False)
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to=answer_upload_to, max_length=300)

    class Meta:
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return self.name
