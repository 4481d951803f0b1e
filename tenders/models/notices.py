"""Notices (avis) sent to an official journal through a publication connector, and their fate."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class NoticeKind(models.TextChoices):
    CONTRACT = "contract", _("Avis d'appel public à la concurrence")
    AWARD = "award", _("Avis d'attribution")


class NoticeChannel(models.TextChoices):
    BUYER_PROFILE = "buyer_profile", _("Profil d'acheteur (cette plateforme)")
    BOAMP = "boamp", _("BOAMP")
    JOUE = "joue", _("Journal officiel de l'Union européenne (TED)")


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", _("En cours d'envoi")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec de l'envoi")


class NoticeSending(models.Model):
    """One notice sent to one journal: the text as sent (HTML, and its hash), the connector's
    reference, and every failed attempt's error (the task retries)."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="notice_sendings")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    channel = models.CharField(max_length=16, choices=NoticeChannel.choices)
    status = models.CharField(
        max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.QUEUED
    )
    html = models.TextField(editable=False)
    sha256 = models.CharField(max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    external_reference = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["tender", "-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "kind", "channel"],
                condition=~models.Q(status="failed"),
                name="notice_sending_once_per_journal",
            )
        ]
        verbose_name = _("envoi d'avis")
        verbose_name_plural = _("envois d'avis")

    def __str__(self) -> str:
        return f"{self.kind} → {self.channel} ({self.status})"
