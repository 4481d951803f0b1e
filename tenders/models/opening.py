"""The opening of the plis and the registre des dépôts.

``BidOpening`` (in ``bids``) is the opening session: who opened, when. ``OpenedDeposit`` says
which deposits that session opened: the last bid of each company and lot only (R.2151-6).
``EarlierBidOpening`` is the explicit, reasoned act that opens a replaced deposit as well.
``RefusedDeposit`` keeps the attempts refused as late, so the register lists them too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bids import Bid, BidOpening
from .tender import Tender


class OpenedDeposit(models.Model):
    opening = models.ForeignKey(BidOpening, on_delete=models.CASCADE, related_name="deposits")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opening", "bid"], name="opened_deposit_unique")
        ]
        verbose_name = _("pli ouvert")
        verbose_name_plural = _("plis ouverts")

    def __str__(self) -> str:
        return f"{self.opening_id}: {self.bid_id}"


class EarlierBidOpening(models.Model):
    """A replaced deposit opened on purpose, with the buyer's reason (audited too)."""

    bid = models.OneToOneField(Bid, on_delete=models.PROTECT, related_name="earlier_opening")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    reason = models.TextField(_("motif"))

    class Meta:
        verbose_name = _("ouverture d'un pli remplacé")
        verbose_name_plural = _("ouvertures de plis remplacés")

    def __str__(self) -> str:
        return f"Pli remplacé {self.bid_id} ouvert le {self.opened_at:%Y-%m-%d}"


class DepositKind(models.TextChoices):
    OFFER = "offre", _("Offre")
    CANDIDATURE = "candidature", _("Candidature")


class RefusedDeposit(models.Model):
    """A deposit refused as late (hors délai): nothing of its content is kept, only the fact."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="refused_deposits")
    kind = models.CharField(max_length=16, choices=DepositKind.choices)
    company = models.ForeignKey(
        "collectivites.Company", null=True, on_delete=models.PROTECT, related_name="+"
    )
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    attempted_at = models.DateTimeField()
    reason = models.CharField(max_length=32, default="hors_delai")
    files = models.JSONField(default=list, blank=True)  # [{"name", "size"}]
    total_size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["tender", "attempted_at", "id"]
        verbose_name = _("dépôt refusé")
        verbose_name_plural = _("dépôts refusés")

    def __str__(self) -> str:
        return f"Dépôt refusé {self.tender_id} ({self.attempted_at:%Y-%m-%d %H:%M:%S})"
