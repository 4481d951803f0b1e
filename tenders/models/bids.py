"""Sealed bids (plis), their opening and the award.

Behaviour (encryption, signature checks, receipts) lives in the bids services; these models only
hold what they need. Bid files are stored encrypted with the tender's key (``bid_key_wrapped``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from collectivites.identifiers import validate_siret

from .contract import CONTRACT_FIELDS, Ccag, GroupingType, PriceForm
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
    # A backup copy (copie de sauvegarde, R.2132-11): its own sealed deposit, never the bid
    # examined, never ``is_current``; opened only through ``services.backup_open``.
    is_backup = models.BooleanField(_("copie de sauvegarde"), default=False)
    # The platform's detached signature of ``receipt`` (tenders.receipt_signing.sign_receipt).
    receipt_seal = models.JSONField(default=dict, blank=True)

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


class SignatureIntegrity(models.TextChoices):
    """Whether the file is, byte for byte, what was signed: pyHanko's coverage and DocMDP
    modification level, not only the signed revision's hash (an incremental update after the
    signature leaves that hash intact)."""

    UNSIGNED = "unsigned", _("Non signé")
    UNCHANGED = "signed_unchanged", _("Signé, non modifié depuis la signature")
    CHANGED = "signed_changed", _("Signé, modifié depuis la signature")


class BidFile(models.Model):
    SignatureStatus = SignatureStatus
    SignatureIntegrity = SignatureIntegrity

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
    signature_integrity = models.CharField(
        max_length=16, choices=SignatureIntegrity.choices, default=SignatureIntegrity.UNSIGNED
    )
    # tenders.antivirus: "not_scanned", "clean" (an infected file is refused, never stored).
    scan_status = models.CharField(max_length=16, default="not_scanned")
    scan_detail = models.CharField(max_length=200, blank=True)

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
    """The award of a tender, or of one of its lots, with the contract's essential data.

    The contract data (duration to grouping) are the buyer's, given when recording the award;
    awards recorded before the platform asked for them have none (every field null), which
    ``has_contract_data`` tells and the DECP export respects. The lists hold values of
    ``contract.LIST_FIELDS``, checked by the award service.
    """

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

    duration_months = models.PositiveIntegerField(_("durée (mois)"), null=True, blank=True)
    # null, not "": "not recorded" is no value of the list (DJ001 expects "" for strings).
    price_form = models.CharField(  # noqa: DJ001
        _("forme du prix"), max_length=20, choices=PriceForm.choices, null=True, blank=True
    )
    price_types = models.JSONField(_("types de prix"), null=True, blank=True)
    ccag = models.CharField(  # noqa: DJ001
        _("CCAG de référence"), max_length=60, choices=Ccag.choices, null=True, blank=True
    )
    techniques = models.JSONField(_("techniques d'achat"), null=True, blank=True)
    execution_terms = models.JSONField(_("modalités d'exécution"), null=True, blank=True)
    innovative = models.BooleanField(_("marché innovant"), null=True, blank=True)
    subcontracting_declared = models.BooleanField(
        _("sous-traitance déclarée"), null=True, blank=True
    )
    advance_granted = models.BooleanField(_("avance attribuée"), null=True, blank=True)
    advance_rate = models.DecimalField(
        _("taux de l'avance (0 à 1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    social_considerations = models.JSONField(_("considérations sociales"), null=True, blank=True)
    environmental_considerations = models.JSONField(
        _("considérations environnementales"), null=True, blank=True
    )
    grouping_type = models.CharField(  # noqa: DJ001
        _("type de groupement"), max_length=20, choices=GroupingType.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["tender", "lot__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__isnull": True for name in CONTRACT_FIELDS})
                | models.Q(**{f"{name}__isnull": False for name in CONTRACT_FIELDS}),
                name="award_contract_data_all_or_none",
            ),
            models.CheckConstraint(
                condition=models.Q(advance_granted=True, advance_rate__gt=0, advance_rate__lte=1)
                | models.Q(advance_granted=False, advance_rate__isnull=True)
                | models.Q(advance_granted__isnull=True, advance_rate__isnull=True),
                name="award_advance_rate_with_advance_only",
            ),
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

    @property
    def has_contract_data(self) -> bool:
        return self.duration_months is not None


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
