"""The consultation itself, its lots and its purchasing group (groupement de commandes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from ..validators import validate_cpv_code, validate_cpv_codes

MONEY = {"max_digits": 14, "decimal_places": 2}


class Procedure(models.TextChoices):
    """The procedures of the DECP (données essentielles de la commande publique) list."""

    MAPA = "mapa", _("Procédure adaptée")
    OPEN = "appel_offres_ouvert", _("Appel d'offres ouvert")
    RESTRICTED = "appel_offres_restreint", _("Appel d'offres restreint")
    NEGOTIATED = "negociation", _("Procédure avec négociation")
    COMPETITIVE_DIALOGUE = "dialogue_competitif", _("Dialogue compétitif")
    WITHOUT_PUBLICITY = (
        "sans_publicite",
        _("Marché passé sans publicité ni mise en concurrence préalable"),
    )


class Nature(models.TextChoices):
    WORKS = "travaux", _("Travaux")
    SUPPLIES = "fournitures", _("Fournitures")
    SERVICES = "services", _("Services")


class TenderStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    CLOSED = "closed", _("Clôturée")
    OPENED = "opened", _("Plis ouverts")
    AWARDED = "awarded", _("Attribuée")
    UNSUCCESSFUL = "unsuccessful", _("Infructueuse")
    CANCELLED = "cancelled", _("Annulée")


class Tender(index.Indexed, models.Model):
    """A consultation published by a buyer collectivité, or by the coordinator of a group.

    When ``group_members`` is not empty the tender is a groupement de commandes: ``buyer`` is
    the coordinating collectivité, the members are the other collectivités of the group.
    """

    Procedure = Procedure
    Nature = Nature
    Status = TenderStatus

    reference = models.CharField(_("référence"), max_length=50)
    title = models.CharField(_("intitulé"), max_length=300)
    object = models.TextField(_("objet"), blank=True)
    buyer = models.ForeignKey(
        "collectivites.Collectivite",
        on_delete=models.PROTECT,
        related_name="tenders",
        verbose_name=_("acheteur (coordonnateur)"),
    )
    group_members = models.ManyToManyField(
        "collectivites.Collectivite",
        through="GroupMember",
        related_name="group_tenders",
        blank=True,
        verbose_name=_("membres du groupement"),
    )
    procedure = models.CharField(_("procédure"), max_length=32, choices=Procedure.choices)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices)
    cpv_codes = models.JSONField(
        _("codes CPV"), default=list, blank=True, validators=[validate_cpv_codes]
    )
    estimated_value = models.DecimalField(_("valeur estimée (€ HT)"), **MONEY)
    place_of_performance = models.CharField(_("lieu d'exécution"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    question_deadline = models.DateTimeField(_("date limite des questions"), null=True, blank=True)
    response_deadline = models.DateTimeField(
        _("date limite de remise des offres"), null=True, blank=True, db_index=True
    )
    # Two-phase procedures (tendb, ADR 0016): the candidatures' deadline; the offers' one
    # (response_deadline) is set with the invitations. Urgency and a prior information notice
    # shorten the legal minimum deadlines (tenders/procedures/deadlines.py).
    candidature_deadline = models.DateTimeField(
        _("date limite de réception des candidatures"), null=True, blank=True
    )
    urgency_reason = models.TextField(_("motif de l'urgence"), blank=True)
    prior_notice_sent_on = models.DateField(
        _("avis de préinformation envoyé le"), null=True, blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=TenderStatus.choices,
        default=TenderStatus.DRAFT,
        db_index=True,
    )
    cancel_reason = models.TextField(_("motif d'annulation"), blank=True)
    # Sans publicité ni mise en concurrence above the R.2122-8 ceiling: the legal ground
    # (tenders.exemptions.GROUNDS) and why it applies.
    exemption_ground = models.CharField(_("motif de dispense"), max_length=16, blank=True)
    exemption_justification = models.TextField(_("justification de la dispense"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The per-tender key that encrypts bid files, itself encrypted (wrapped) with a master key
    # from the settings: a database dump alone never reveals a bid.
    bid_key_wrapped = models.BinaryField(null=True, blank=True, editable=False)
    # Folded (lowercase, accent-free) reference, title, object, buyer and place, for ``q``.
    search_text = models.TextField(editable=False, blank=True)

    # Searched: what a company looks for (title, object, reference, place, the buyer's name,
    # the CPV codes of the tender and its lots). Filtered: what ``tenders.rules``' "search" rule
    # asks (status, publication, buyer, id for the group members' subquery). Bids are never
    # indexed: nothing here reads them.
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("reference", boost=3),
        index.SearchField("object"),
        index.SearchField("place_of_performance"),
        index.SearchField("buyer_name"),
        index.SearchField("cpv_text"),
        index.FilterField("id"),
        index.FilterField("status"),
        index.FilterField("published_at"),
        index.FilterField("buyer"),
    ]

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "reference"], name="tender_reference_unique_per_buyer"
            )
        ]
        indexes = [
            models.Index(fields=["status", "response_deadline"]),
            # Keyset pagination of the list (api/pagination.py), one per ordering it offers.
            models.Index(fields=["published_at", "id"], name="tender_published_keyset"),
            models.Index(fields=["response_deadline", "id"], name="tender_deadline_keyset"),
            models.Index(fields=["reference", "id"], name="tender_reference_keyset"),
            models.Index(fields=["estimated_value", "id"], name="tender_value_keyset"),
        ]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def buyer_name(self) -> str:
        return self.buyer.name

    def cpv_text(self) -> str:
        codes = list(self.cpv_codes or [])
        if self.pk:
            codes += [lot.cpv_code for lot in self.lots.all() if lot.cpv_code]
        return " ".join(dict.fromkeys(codes))

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().select_related("buyer").prefetch_related("lots")


class Lot(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    estimated_value = models.DecimalField(
        _("valeur estimée (€ HT)"), null=True, blank=True, **MONEY
    )
    cpv_code = models.CharField(
        _("code CPV"), max_length=10, blank=True, validators=[validate_cpv_code]
    )

    class Meta:
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="lot_number_unique")
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return f"Lot {self.number} — {self.title}"


class GroupMember(models.Model):
    """A member collectivité of a purchasing group (the coordinator is ``Tender.buyer``)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="memberships")
    collectivite = models.ForeignKey(
        "collectivites.Collectivite", on_delete=models.PROTECT, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "collectivite__search_name"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "collectivite"], name="group_member_unique")
        ]
        verbose_name = _("membre du groupement")
        verbose_name_plural = _("membres du groupement")

    def __str__(self) -> str:
        return f"{self.collectivite} ∈ {self.tender}"


class LotNeed(models.Model):
    """What one member of the group expects to buy, per lot (or for the whole tender)."""

    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="needs")
    lot = models.ForeignKey(
        Lot, null=True, blank=True, on_delete=models.CASCADE, related_name="needs"
    )
    quantity = models.CharField(_("quantité estimée"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant estimé (€ HT)"), null=True, blank=True, **MONEY)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "lot"], name="lot_need_unique")]
        verbose_name = _("besoin estimé")
        verbose_name_plural = _("besoins estimés")

    def __str__(self) -> str:
        return f"{self.member_id}/{self.lot_id or '-'} : {self.quantity or self.amount}"
