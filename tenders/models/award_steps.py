"""What follows the choice of the winner, up to the contract's life: rejection letters, the
winner's certificates, the notification of the contract and its modifications (avenants).

Each step is a row with who did it and when, so the standstill, the notification date and the
open data are computed from facts recorded by the platform, never typed in ahead of time.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bids import Award
from .tender import MONEY


class RejectionLetter(models.Model):
    """The letter telling a bidder its offer was not chosen (R.2181-1, and R.2181-3 for a
    formalised procedure). ``content`` is the letter as sent; the PDF is rendered from it."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="rejection_letters")
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="rejection_letters"
    )
    electronic = models.BooleanField(_("envoyée par voie électronique"), default=True)
    sent_at = models.DateTimeField(_("envoyée le"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.TextField(_("motifs du rejet"), blank=True)
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["award", "sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "company"], name="rejection_letter_unique")
        ]
        verbose_name = _("lettre de rejet")
        verbose_name_plural = _("lettres de rejet")

    def __str__(self) -> str:
        return f"Rejet {self.award_id} → {self.company_id}"


class CertificateKind(models.TextChoices):
    """The proofs asked of the winner only (R.2144-4), under R.2143-7 and R.2143-9."""

    TAX = "fiscale", _("Attestation de régularité fiscale")
    SOCIAL = "sociale", _("Attestation de vigilance (URSSAF)")
    KBIS = "kbis", _("Extrait Kbis (ou inscription au répertoire des métiers)")


def certificate_upload_to(certificate: "Certificate", filename: str) -> str:
    name = PurePath(filename).name[-120:] or "attestation"
    return f"tenders/certificates/{certificate.award_id}/{uuid.uuid4().hex}/{name}"


class Certificate(models.Model):
    """One certificate asked of a titulaire: requested, uploaded, then accepted (or refused
    with a reason, and uploaded again)."""

    Kind = CertificateKind

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="certificates")
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="certificates"
    )
    kind = models.CharField(max_length=16, choices=CertificateKind.choices)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("à fournir avant le"), null=True, blank=True)
    file = models.FileField(upload_to=certificate_upload_to, max_length=300, blank=True)
    name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["award", "company", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "company", "kind"], name="certificate_unique_per_kind"
            )
        ]
        verbose_name = _("attestation du titulaire")
        verbose_name_plural = _("attestations des titulaires")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.company_id}"


class AwardNotification(models.Model):
    """The notification of the contract to its titulaire (R.2182-4): the contract takes effect
    on the day it is received. Sent through the platform (``sent_at``) and acknowledged by the
    company (``received_at``), or recorded by the buyer when it went another way."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="notification")
    signed_on = models.DateField(_("signé par l'acheteur le"))
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the notification date became known (acknowledged, or recorded by the buyer): the day
    # the contract's data were first published.
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification du marché")
        verbose_name_plural = _("notifications des marchés")

    def __str__(self) -> str:
        return f"Notification de {self.award_id}"


class ContractModification(models.Model):
    """A modification of a notified contract (avenant), published in the DECP ``modifications``."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="modifications")
    number = models.PositiveIntegerField(_("numéro"))
    object = models.TextField(_("objet de la modification"))
    amount = models.DecimalField(_("nouveau montant (€ HT)"), null=True, blank=True, **MONEY)
    duration_months = models.PositiveIntegerField(_("nouvelle durée (mois)"), null=True, blank=True)
    signed_on = models.DateField(_("signée le"))
    notified_on = models.DateField(_("notifiée le"))
    published_on = models.DateField(_("données publiées le"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["award", "number"]
        constraints = [
            models.UniqueConstraint(fields=["award", "number"], name="modification_number_unique")
        ]
        verbose_name = _("modification du marché")
        verbose_name_plural = _("modifications du marché")

    def __str__(self) -> str:
        return f"Modification n° {self.number} de {self.award_id}"
