"""The DCE (dossier de consultation des entreprises): versioned documents and who took them."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


def dce_upload_to(version: "DocumentVersion", filename: str) -> str:
    """A fresh folder per version: the original name stays readable, never overwritten."""
    name = PurePath(filename).name[-120:] or "document"
    return f"tenders/dce/{version.document.tender_id}/{uuid.uuid4().hex}/{name}"


class TenderDocument(models.Model):
    """One document of the DCE (règlement de consultation, CCAP, CCTP…) across its versions."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    current_version = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "id"]
        verbose_name = _("pièce du DCE")
        verbose_name_plural = _("pièces du DCE")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(TenderDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=dce_upload_to, max_length=300)
    name = models.CharField(_("nom du fichier"), max_length=200)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    change_note = models.TextField(_("nature de la modification"), blank=True)
    # An important change after publication (R.2151-4): the deadline must be postponed.
    substantial = models.BooleanField(_("modification importante"), default=False)
    # A piece exported from a drafting space keeps the named version it was made from.
    source_draft_version = models.ForeignKey(
        "spaces.DraftVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dce_versions",
    )

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]
        verbose_name = _("version de pièce")
        verbose_name_plural = _("versions de pièces")

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"


class Download(models.Model):
    """One line of the registre des retraits. ``version`` is null for the whole-DCE ZIP."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="downloads")
    version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="downloads",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tender_downloads",
    )
    company = models.ForeignKey(
        "collectivites.Company",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tender_downloads",
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Keyed hash of the client address: tells repeated anonymous downloads apart without
    # keeping personal data the registre does not need.
    ip_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["tender", "user"])]
        verbose_name = _("retrait")
        verbose_name_plural = _("registre des retraits")

    def __str__(self) -> str:
        return f"Retrait {self.pk} de {self.tender_id}"


class NotificationKind(models.TextChoices):
    DCE_MODIFIED = "dce_modified", _("Modification du DCE")
    ANSWER_PUBLISHED = "answer_published", _("Réponse publiée")
    TENDER_CANCELLED = "tender_cancelled", _("Consultation annulée")
    DEADLINE_CHANGED = "deadline_changed", _("Date limite modifiée")
    # Two-phase procedures and the secure messaging (tendb).
    CANDIDATURE_DECISION = "candidature_decision", _("Décision sur la candidature")
    INVITATION = "invitation", _("Invitation à soumissionner")
    CLARIFICATION = "clarification", _("Demande de compléments ou de précisions")
    # After the choice of the winner (tendc): to the bidders and the titulaires.
    OFFER_REJECTED = "offer_rejected", _("Offre non retenue")
    CERTIFICATES_REQUESTED = "certificates_requested", _("Attestations demandées")
    CONTRACT_NOTIFIED = "contract_notified", _("Marché notifié")


class Notification(models.Model):
    """A message in a user's account, next to the e-mail that announced it."""

    Kind = NotificationKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    tender = models.ForeignKey(
        Tender, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message[:80]
