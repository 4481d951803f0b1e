"""The themes a library page is filed under (one per page; free tags say the rest)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    COMMANDE_PUBLIQUE = "commande_publique", _("Commande publique")
    ACTES = "actes", _("Actes et légalité")
    FINANCES = "finances", _("Finances et comptabilité")
    RH = "ressources_humaines", _("Ressources humaines")
    NUMERIQUE = "numerique", _("Numérique")
    ETAT_CIVIL = "etat_civil", _("État civil")
    URBANISME = "urbanisme", _("Urbanisme")
    AUTRE = "autre", _("Autre")
