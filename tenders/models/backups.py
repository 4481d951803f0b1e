"""The opening of a backup copy (copie de sauvegarde, R.2132-11), in the cases the law allows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupOpeningGround(models.TextChoices):
    """The arrêté of 22 March 2019 on the backup copy: it is opened only when a malicious
    program is found in the electronic bid, or when the electronic bid was not received in time
    or could not be opened (the copy itself having arrived in time)."""

    VIRUS = "virus", _("Programme malveillant détecté dans le pli électronique")
    NOT_RECEIVED = "not_received", _("Pli électronique non reçu dans les délais")
    UNREADABLE = "unreadable", _("Pli électronique reçu mais impossible à ouvrir")


class BackupOpening(models.Model):
    backup = models.OneToOneField(
        "tenders.Bid", on_delete=models.PROTECT, related_name="backup_opening"
    )
    ground = models.CharField(_("motif"), max_length=16, choices=BackupOpeningGround.choices)
    reason = models.TextField(_("justification"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()

    class Meta:
        verbose_name = _("ouverture d'une copie de sauvegarde")
        verbose_name_plural = _("ouvertures de copies de sauvegarde")

    def __str__(self) -> str:
        return f"Copie {self.backup_id} ({self.ground})"
