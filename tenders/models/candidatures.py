"""The candidature phase of the two-phase procedures (restricted call for tenders, negotiated
procedure with publication, competitive dialogue).

The buyer lists the pieces a candidature must hold (``CandidatureRequirement``); companies
deposit their file (``Candidature``), sealed like bids but with a key of its own
(``SealKey``, purpose ``candidatures``) that unwraps after the candidature deadline; the buyer
admits or rejects each one with a reason and invites the admitted ones to bid.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bids import SignatureStatus
from .tender import Tender


class PieceKind(models.TextChoices):
    DUME = "dume", _("DUME (document unique de marché européen)")
    DC1 = "dc1", _("DC1 (lettre de candidature)")
    DC2 = "dc2", _("DC2 (déclaration du candidat)")
    CERTIFICATE = "certificat", _("Certificat ou attestation")
    REFERENCES = "references", _("Références")
    OTHER = "autre", _("Autre pièce")


class CandidatureRequirement(models.Model):
    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="candidature_requirements"
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=PieceKind.choices)
    label = models.CharField(_("pièce demandée"), max_length=200)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["tender", "position", "id"]
        verbose_name = _("pièce de candidature demandée")
        verbose_name_plural = _("pièces de candidature demandées")

    def __str__(self) -> str:
        return self.label


class CandidatureStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    ADMITTED = "admitted", _("Admise")
    REJECTED = "rejected", _("Rejetée")


class Candidature(models.Model):
    """One deposit of a candidature file; a later one replaces it (both kept)."""

    Status = CandidatureStatus

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="candidatures")
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="candidatures"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(db_index=True)
    is_current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    receipt = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=16, choices=CandidatureStatus.choices, default=CandidatureStatus.SUBMITTED
    )
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    invited_at = models.DateTimeField(_("invitée à soumissionner le"), null=True, blank=True)

    class Meta:
        ordering = ["tender", "submitted_at", "id"]
        indexes = [models.Index(fields=["tender", "company", "is_current"])]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")

    def __str__(self) -> str:
        return f"Candidature {self.pk} — {self.company_id}"


def candidature_upload_to(row: "CandidatureFile", filename: str) -> str:
    return f"tenders/candidatures/{row.candidature.tender_id}/{uuid.uuid4().hex}.enc"


class CandidatureFile(models.Model):
    candidature = models.ForeignKey(Candidature, on_delete=models.PROTECT, related_name="files")
    requirement = models.ForeignKey(
        CandidatureRequirement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to=candidature_upload_to, max_length=300)
    signature_status = models.CharField(
        max_length=16, choices=SignatureStatus.choices, default=SignatureStatus.UNSIGNED
    )

    class Meta:
        ordering = ["candidature", "id"]
        verbose_name = _("fichier de candidature")
        verbose_name_plural = _("fichiers de candidature")

    def __str__(self) -> str:
        return self.name


class SealKey(models.Model):
    """A tender's key pair for one purpose other than the bids (candidatures, messages), wrapped
    like ``Tender.bid_key_wrapped`` but bound to its purpose: the key of the candidatures, which
    unwraps at the candidature deadline, opens nothing else."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="seal_keys")
    purpose = models.CharField(max_length=16)
    blob = models.BinaryField(editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tender", "purpose"], name="seal_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tender_id}/{self.purpose}"
