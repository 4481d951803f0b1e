"""Later exchanges on a transmitted act: the prefecture's letters, the collectivité's answers,
the cancellation. Each outgoing message is itself handed over and acknowledged."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .act import Act, act_upload_to


class MessageKind(models.TextChoices):
    """The @CTES message families (the first number of a message's file name suffix)."""

    SIMPLE_LETTER = "courrier_simple", _("Courrier simple")
    ADDITIONAL_DOCUMENTS = "pieces_complementaires", _("Demande de pièces complémentaires")
    OBSERVATIONS = "lettre_observations", _("Lettre d'observations")
    REFERRAL = "defere", _("Déféré au tribunal administratif")
    CANCELLATION = "annulation", _("Annulation")


# @CTES family numbers (type-n in "<identifier>-<type>-<n>_0.xml").
KIND_CODES = {
    MessageKind.SIMPLE_LETTER: 2,
    MessageKind.ADDITIONAL_DOCUMENTS: 3,
    MessageKind.OBSERVATIONS: 4,
    MessageKind.REFERRAL: 5,
    MessageKind.CANCELLATION: 6,
}
# What the collectivité may answer through the platform.
ANSWERABLE = (MessageKind.SIMPLE_LETTER, MessageKind.ADDITIONAL_DOCUMENTS)


class MessageDirection(models.TextChoices):
    FROM_PREFECTURE = "from_prefecture", _("De la préfecture")
    TO_PREFECTURE = "to_prefecture", _("Vers la préfecture")


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("Reçu")  # a message from the prefecture
    WAITING = "waiting", _("En attente de transmission")
    TRANSMITTED = "transmitted", _("Transmis")
    ACKNOWLEDGED = "acknowledged", _("Acquitté")
    ERROR = "error", _("En erreur")


class ActMessage(models.Model):
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("nature"), max_length=32, choices=MessageKind.choices)
    direction = models.CharField(max_length=16, choices=MessageDirection.choices)
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="answers"
    )
    text = models.TextField(_("texte"), blank=True)
    file = models.FileField(upload_to=act_upload_to, max_length=300, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=MessageStatus.choices)
    error_reason = models.TextField(blank=True)
    transmission_attempts = models.PositiveSmallIntegerField(default=0)
    archive = models.FileField(upload_to=act_upload_to, max_length=300, blank=True)
    received_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    transmitted_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["act", "created_at", "id"]
        verbose_name = _("échange")
        verbose_name_plural = _("échanges")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_direction_display()})"
