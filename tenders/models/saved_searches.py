"""A company user's saved searches of consultations, and which tenders each one already
announced by e-mail (so a match is mailed once)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tender_searches"
    )
    name = models.CharField(_("nom"), max_length=100)
    cpv_prefix = models.CharField(_("préfixe CPV"), max_length=10, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    keyword = models.CharField(_("mots-clés"), max_length=200, blank=True)
    buyer = models.ForeignKey(
        "collectivites.Collectivite",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("acheteur"),
    )
    email_alerts = models.BooleanField(_("alertes par e-mail"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "name", "id"]
        verbose_name = _("recherche enregistrée")
        verbose_name_plural = _("recherches enregistrées")

    def __str__(self) -> str:
        return self.name


class SavedSearchAlert(models.Model):
    """A tender announced to a saved search: the unique pair is what makes it once."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerts")
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["search", "tender"], name="saved_search_alert_once")
        ]
        verbose_name = _("alerte envoyée")
        verbose_name_plural = _("alertes envoyées")

    def __str__(self) -> str:
        return f"{self.search_id} → {self.tender_id}"
