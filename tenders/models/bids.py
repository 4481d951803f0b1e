"""Sealed bids (plis), their opening and the award.

Behaviour (encryption, signature checks, receipts) lives in the bids services; these models only
hold what they need. Bid files are stored encrypted with the tender's key (``bid_key_wrapped``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collectivites.identifiers import validate_siret

from .tender import MONEY, Lot, Tender


def bid_upload_to(bid_file: "BidFile", filename: str) -> str:
    """Opaque names: even the file name of a sealed bid is not readable on disk."""
    return f"tenders/bids/{bid_file.bid.tender_id}/{uuid.uuid4().hex}.enc"


class Bid(models.Model):
    """One submission. A later one replaces it (``is_current``) but both are kept."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="bids"
    )
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="bids"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bids"
    )
    submitted_at = models.DateTimeField(db_index=True)
    is_current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    receipt = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["tender", "submitted_at", "id"]
        indexes = [models.Index(fields=["tender", "company", "is_current"])]
        verbose_name = _("pli")
        verbose_name_plural = _("plis")

    def __str__(self) -> str:
        return f"Pli {self.pk} — {self.company_id} ({self.submitted_at:%Y-%m-%d %H:%M:%S})"


class SignatureStatus(models.TextChoices):
    UNSIGNED = "unsigned", _("Non signé")
    SIGNED = "signed", _("Signé (intègre, certificat non reconnu)")
    SIGNED_VALID = "signed_valid", _("Signature valide")
    SIGNED_INVALID = "signed_invalid", _("Signature invalide")


class BidFile(models.Model):
    SignatureStatus = SignatureStatus

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to=bid_upload_to, max_length=300)
    signature_status = models.CharField(
        max_length=16, choices=SignatureStatus.choices, default=SignatureStatus.UNSIGNED
    )
    signature_details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["bid", "id"]
        verbose_name = _("fichier du pli")
        verbose_name_plural = _("fichiers des plis")

    def __str__(self) -> str:
        return self.name


class BidOpening(models.Model):
    """The opening of the bids of a tender, after its deadline: logged once and for all."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="openings")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()

    class Meta:
        ordering = ["tender", "opened_at"]
        verbose_name = _("ouverture des plis")
        verbose_name_plural = _("ouvertures des plis")

    def __str__(self) -> str:
        return f"Ouverture des plis de {self.tender_id} ({self.opened_at:%Y-%m-%d %H:%M})"


class Award(models.Model):
    """The award of a tender, or of one of its lots."""

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="awards")
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    amount = models.DecimalField(_("montant (€ HT)"), **MONEY)
    notification_date = models.DateField(_("date de notification"), null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "lot__number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender"],
                condition=models.Q(lot__isnull=True),
                name="award_unique_per_tender_without_lot",
            ),
            models.UniqueConstraint(
                fields=["tender", "lot"],
                condition=models.Q(lot__isnull=False),
                name="award_unique_per_lot",
            ),
        ]
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")

    def __str__(self) -> str:
        return f"Attribution {self.tender_id}/{self.lot_id or '-'} : {self.amount} € HT"


class AwardedCompany(models.Model):
    """A successful company (several for a co-contracting group); SIRET kept as awarded."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="companies")
    company = models.ForeignKey(
        "collectivites.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
    )
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    name = models.CharField(_("raison sociale"), max_length=200)

    class Meta:
        ordering = ["award", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "siret"], name="awarded_company_unique")
        ]
        verbose_name = _("titulaire")
        verbose_name_plural = _("titulaires")

    def __str__(self) -> str:
        return f"{self.name} ({self.siret})"
