"""Accounting files (PES V2 ``PES_Aller``) sent to the Treasury's Hélios."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collectivites.models import Collectivite

from .act import act_upload_to


class PesKind(models.TextChoices):
    """What a PES_Aller carries, read from its blocks (several may be present)."""

    BUDGET = "budget", _("Budget")
    RECEIPTS = "recette", _("Recettes")
    PAYMENTS = "depense", _("Dépenses")
    MIXED = "mixte", _("Recettes et dépenses")


class AccountingFileStatus(models.TextChoices):
    WAITING = "waiting", _("En attente de transmission")
    TRANSMITTED = "transmitted", _("Transmis")
    ACKNOWLEDGED = "acknowledged", _("Acquitté")
    REFUSED = "refused", _("Refusé")
    ERROR = "error", _("En erreur")


class AccountingFile(models.Model):
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.PROTECT, related_name="accounting_files"
    )
    kind = models.CharField(_("nature"), max_length=16, choices=PesKind.choices)
    name = models.CharField(_("nom du fichier"), max_length=120)
    file = models.FileField(upload_to=act_upload_to, max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(
        max_length=16, choices=AccountingFileStatus.choices, default=AccountingFileStatus.WAITING
    )
    transmission_attempts = models.PositiveSmallIntegerField(default=0)
    error_reason = models.TextField(blank=True)
    refusal_reason = models.TextField(blank=True)
    acknowledgement = models.FileField(upload_to=act_upload_to, max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    transmitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["collectivite", "status"])]
        verbose_name = _("flux comptable")
        verbose_name_plural = _("flux comptables")

    def __str__(self) -> str:
        return self.name
