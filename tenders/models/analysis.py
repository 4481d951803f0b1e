"""The analysis grid: award criteria with their weights, and the buyer's scores per offer.

Criteria are given before publication (the competition is judged by rules known in advance,
R.2152-11 and R.2152-12 of the Code de la commande publique) and frozen once the consultation is
public. A score is out of ``MAX_SCORE`` per criterion; the weighted total is out of 100.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bids import Bid
from .tender import Lot, Tender

MAX_SCORE = 10
TOTAL_WEIGHT = 100


class Criterion(models.Model):
    """One award criterion of the tender (or of one lot), with its weight in percent."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("rang"))
    name = models.CharField(_("critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("pondération (%)"))

    class Meta:
        ordering = ["tender", "lot__number", "position", "id"]
        verbose_name = _("critère d'attribution")
        verbose_name_plural = _("critères d'attribution")

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class OfferScore(models.Model):
    """The buyer's score of one opened offer on one criterion, with the reason for it."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("note (sur 10)"), max_digits=4, decimal_places=2)
    comment = models.TextField(_("appréciation"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField()

    class Meta:
        ordering = ["bid", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "bid"], name="offer_score_unique")
        ]
        verbose_name = _("note d'une offre")
        verbose_name_plural = _("notes des offres")

    def __str__(self) -> str:
        return f"{self.bid_id}/{self.criterion_id} : {self.score}"
