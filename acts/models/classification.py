"""The "classification matières": the subject codes an act is filed under, up to five levels.

Versioned because prefectures publish new versions (``RetourClassification`` messages, dated);
an act records the version it was classified with (``ClassificationDateVersion`` in @CTES).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassificationVersion(models.Model):
    version_date = models.DateField(_("date de la classification"), unique=True)
    source = models.CharField(_("origine"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version_date"]
        verbose_name = _("version de la classification")
        verbose_name_plural = _("versions de la classification")

    def __str__(self) -> str:
        return f"Classification du {self.version_date:%d/%m/%Y}"


class ClassificationEntry(models.Model):
    """One subject, coded by its path: "7" (Finances locales), "7.1" (Décisions budgétaires)."""

    version = models.ForeignKey(
        ClassificationVersion, on_delete=models.CASCADE, related_name="entries"
    )
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("libellé"), max_length=300)
    level = models.PositiveSmallIntegerField(_("niveau"))

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_classification_code")
        ]
        verbose_name = _("matière")
        verbose_name_plural = _("matières")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
