"""An act sent to the prefecture's legality control, its files and its transmission state."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from collectivites.models import Collectivite

from .classification import ClassificationVersion


class ActNature(models.IntegerChoices):
    """@CTES nature codes; the abbreviation ends the act's identifier."""

    DE = 1, _("Délibérations")
    AR = 2, _("Actes réglementaires")
    AI = 3, _("Actes individuels")
    CC = 4, _("Contrats, conventions et avenants")
    BF = 5, _("Documents budgétaires et financiers")
    AU = 6, _("Autres")

    @property
    def abbreviation(self) -> str:
        return self.name


# The act file's default document type (typologie des pièces) by nature.
DEFAULT_DOCUMENT_TYPES = {
    ActNature.DE: "99_DE",
    ActNature.AR: "99_AR",
    ActNature.AI: "99_AI",
    ActNature.CC: "99_DC",
    ActNature.BF: "99_BU",
    ActNature.AU: "99_AU",
}


class ActStatus(models.TextChoices):
    POSTED = "posted", _("Déposé")
    WAITING = "waiting", _("En attente de transmission")
    TRANSMITTED = "transmitted", _("Transmis")
    ACKNOWLEDGED = "acknowledged", _("Acquitté")
    ERROR = "error", _("En erreur")
    CANCELLED = "cancelled", _("Annulé")


def act_upload_to(instance: models.Model, filename: str) -> str:
    name = PurePath(filename).name[-120:] or "fichier"
    return f"acts/{uuid.uuid4().hex}/{name}"


class Act(index.Indexed, models.Model):
    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="acts")
    nature = models.PositiveSmallIntegerField(_("nature"), choices=ActNature.choices)
    classification_version = models.ForeignKey(
        ClassificationVersion, on_delete=models.PROTECT, related_name="+"
    )
    classification_code = models.CharField(_("classification"), max_length=20)
    decision_date = models.DateField(_("date de la décision"))
    number = models.CharField(_("numéro interne"), max_length=15)
    object = models.CharField(_("objet"), max_length=500)
    document_type = models.CharField(_("type de pièce"), max_length=5)
    status = models.CharField(
        _("état"), max_length=16, choices=ActStatus.choices, default=ActStatus.POSTED
    )
    # Computed when the act is handed over (@CTES identifier), empty before.
    identifier = models.CharField(_("identifiant @CTES"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    transmitted_at = models.DateTimeField(_("transmis le"), null=True, blank=True)
    received_on = models.DateField(_("reçu en préfecture le"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    error_reason = models.TextField(_("motif de l'erreur"), blank=True)
    transmission_attempts = models.PositiveSmallIntegerField(default=0)
    archive = models.FileField(upload_to=act_upload_to, max_length=300, blank=True)
    acknowledgement = models.FileField(upload_to=act_upload_to, max_length=300, blank=True)
    cancellation_requested_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    publication_date = models.DateField(_("affiché / publié le"), null=True, blank=True)
    published_online_at = models.DateTimeField(null=True, blank=True)

    # Searched: the object, the internal number and the @CTES identifier. Filtered: the
    # collectivité, the transmission and online publication dates, all that ``acts.rules``'
    # "search" rule asks. Whoosh adds a new filter field to its index by itself, empty: acts
    # published before it was added are found once ``manage.py update_index`` ran.
    search_fields = [
        index.SearchField("object", boost=2),
        index.AutocompleteField("object"),
        index.SearchField("number", boost=3),
        index.SearchField("identifier"),
        index.FilterField("collectivite"),
        index.FilterField("transmitted_at"),
        index.FilterField("published_online_at"),
        index.FilterField("decision_date"),
    ]

    class Meta:
        ordering = ["-decision_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "number"], name="unique_act_number_per_collectivite"
            )
        ]
        indexes = [
            models.Index(fields=["collectivite", "status"]),
            models.Index(fields=["transmitted_at"]),
            # Keyset pagination (api/pagination.py): all acts, and one collectivité's.
            models.Index(fields=["decision_date", "id"], name="act_decision_keyset"),
            models.Index(
                fields=["collectivite", "decision_date", "id"], name="act_coll_decision_keyset"
            ),
        ]
        verbose_name = _("acte")
        verbose_name_plural = _("actes")

    def __str__(self) -> str:
        return f"{self.number} — {self.object[:80]}"

    @property
    def nature_abbreviation(self) -> str:
        return ActNature(self.nature).abbreviation

    @property
    def enforceable_since(self):
        """Exécutoire once received by the prefecture and published (or displayed), the later
        of the two dates (CGCT L. 2131-1); None until both happened."""
        if self.received_on is None or self.publication_date is None:
            return None
        if self.status == ActStatus.CANCELLED:
            return None
        return max(self.received_on, self.publication_date)


class ActFile(models.Model):
    """The act itself (position 1) or an annex (2, 3…), kept untouched as uploaded."""

    class Role(models.TextChoices):
        ACT = "act", _("Acte")
        ANNEX = "annex", _("Annexe")

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=8, choices=Role.choices)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("nom du fichier"), max_length=200)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=act_upload_to, max_length=300)

    class Meta:
        ordering = ["act", "position"]
        constraints = [
            models.UniqueConstraint(fields=["act", "position"], name="unique_act_file_position")
        ]

    def __str__(self) -> str:
        return self.name
