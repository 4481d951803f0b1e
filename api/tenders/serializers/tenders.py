"""Shapes of consultations: the list and the detail (lots, group, awards, timeline), and
what a buyer sends to create, edit and award one."""

from datetime import UTC, datetime

from rest_framework import serializers

from collectivites.models import Collectivite
from tenders import exemptions
from tenders.models import (
    Award,
    AwardedCompany,
    Ccag,
    EnvironmentalConsideration,
    ExecutionTerm,
    GroupingType,
    GroupMember,
    Lot,
    LotNeed,
    Nature,
    PriceForm,
    PriceType,
    Procedure,
    SocialConsideration,
    Technique,
    Tender,
    TenderStatus,
)
from tenders.models.contract import CONTRACT_FIELDS, MAX_DURATION_MONTHS
from tenders.rules import ASKER_EVENTS
from tenders.services import publicity_required
from tenders.validators import validate_cpv_code

from ...serializers import ChoiceLabelField, CollectiviteRefSerializer
from .documents import DocumentSerializer


class LotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["number", "title", "description", "estimated_value", "cpv_code"]


class LotNeedSerializer(serializers.ModelSerializer):
    lot_number = serializers.IntegerField(source="lot.number", allow_null=True, default=None)

    class Meta:
        model = LotNeed
        fields = ["lot_number", "quantity", "amount"]


class GroupMemberSerializer(serializers.ModelSerializer):
    collectivite = CollectiviteRefSerializer()
    needs = LotNeedSerializer(many=True)

    class Meta:
        model = GroupMember
        fields = ["collectivite", "needs"]


class TenderListSerializer(serializers.ModelSerializer):
    buyer = CollectiviteRefSerializer()
    procedure_label = ChoiceLabelField(Tender, "procedure")
    nature_label = ChoiceLabelField(Tender, "nature")
    status_label = ChoiceLabelField(Tender, "status")
    cpv_codes = serializers.ListField(child=serializers.CharField())
    publicity_required = serializers.SerializerMethodField(
        help_text="Publicité obligatoire selon les seuils en vigueur au lancement (null : "
        "seuils inconnus à cette date)."
    )

    class Meta:
        model = Tender
        fields = [
            "id",
            "reference",
            "title",
            "buyer",
            "procedure",
            "procedure_label",
            "nature",
            "nature_label",
            "cpv_codes",
            "estimated_value",
            "place_of_performance",
            "status",
            "status_label",
            "published_at",
            "question_deadline",
            "response_deadline",
            "publicity_required",
        ]

    def get_publicity_required(self, tender: Tender) -> bool | None:
        return publicity_required(tender)


class AwardedCompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardedCompany
        fields = ["siret", "name"]


def _choices(choices: type, **kwargs) -> serializers.ListField:
    return serializers.ListField(child=serializers.ChoiceField(choices=choices.choices), **kwargs)


# The contract data (DECP names in the help texts); null on output for an award recorded
# before the platform asked for them.
CONTRACT_HELP = {
    "duration_months": "Durée initiale du marché en mois, reconductions comprises (dureeMois).",
    "price_form": "Forme du prix (formePrix).",
    "price_types": "Types de prix (typesPrix).",
    "ccag": "CCAG de référence (ccag).",
    "techniques": "Techniques d'achat (techniques) ; « Sans objet » seul.",
    "execution_terms": "Modalités d'exécution (modalitesExecution) ; « Sans objet » seul.",
    "innovative": "Marché innovant (marcheInnovant).",
    "subcontracting_declared": "Sous-traitance déclarée à la notification (sousTraitanceDeclaree).",
    "advance_granted": "Une avance est attribuée au titulaire (attributionAvance).",
    "advance_rate": "Taux de l'avance, de 0 à 1 (0.05 = 5 %), avec une avance seulement "
    "(tauxAvance).",
    "social_considerations": "Considérations sociales (considerationsSociales) ; "
    "« Pas de considération sociale » seule.",
    "environmental_considerations": "Considérations environnementales "
    "(considerationsEnvironnementales) ; « Pas de considération environnementale » seule.",
    "grouping_type": "Type de groupement des titulaires (typeGroupementOperateurs) : « Pas de "
    "groupement » pour un titulaire, conjoint ou solidaire pour plusieurs.",
}


class AwardSerializer(serializers.ModelSerializer):
    """The result of a tender, public like the tender (it is also in the OCDS and DECP data)."""

    lot_number = serializers.IntegerField(source="lot.number", allow_null=True, default=None)
    companies = AwardedCompanySerializer(many=True)
    duration_months = serializers.IntegerField(
        allow_null=True, min_value=1, help_text=CONTRACT_HELP["duration_months"]
    )
    price_form = serializers.ChoiceField(
        choices=PriceForm.choices, allow_null=True, help_text=CONTRACT_HELP["price_form"]
    )
    ccag = serializers.ChoiceField(
        choices=Ccag.choices, allow_null=True, help_text=CONTRACT_HELP["ccag"]
    )
    grouping_type = serializers.ChoiceField(
        choices=GroupingType.choices, allow_null=True, help_text=CONTRACT_HELP["grouping_type"]
    )
    price_types = _choices(PriceType, allow_null=True, help_text=CONTRACT_HELP["price_types"])
    techniques = _choices(Technique, allow_null=True, help_text=CONTRACT_HELP["techniques"])
    execution_terms = _choices(
        ExecutionTerm, allow_null=True, help_text=CONTRACT_HELP["execution_terms"]
    )
    social_considerations = _choices(
        SocialConsideration, allow_null=True, help_text=CONTRACT_HELP["social_considerations"]
    )
    environmental_considerations = _choices(
        EnvironmentalConsideration,
        allow_null=True,
        help_text=CONTRACT_HELP["environmental_considerations"],
    )

    class Meta:
        model = Award
        fields = [
            "lot_number",
            "amount",
            "notification_date",
            "companies",
            *CONTRACT_FIELDS,
            "advance_rate",
        ]
        extra_kwargs = {name: {"help_text": text} for name, text in CONTRACT_HELP.items()}


class TenderDetailSerializer(TenderListSerializer):
    lots = LotSerializer(many=True)
    group_members = GroupMemberSerializer(many=True, source="memberships")
    documents = DocumentSerializer(many=True)
    awards = AwardSerializer(many=True)
    can_manage = serializers.SerializerMethodField()

    class Meta(TenderListSerializer.Meta):
        fields = [
            *TenderListSerializer.Meta.fields,
            "object",
            "cancel_reason",
            "candidature_deadline",
            "urgency_reason",
            "prior_notice_sent_on",
            "exemption_ground",
            "exemption_justification",
            "lots",
            "group_members",
            "documents",
            "awards",
            "can_manage",
            "created_at",
        ]

    def get_can_manage(self, tender: Tender) -> bool:
        return bool(self.context.get("can_manage"))


class TimelineEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    actor = serializers.SerializerMethodField(help_text="Visible du côté de l'acheteur seulement.")
    details = serializers.DictField()

    def get_actor(self, event) -> str | None:
        if event.action in ASKER_EVENTS and not self.context.get("show_askers"):
            return None
        return event.actor_label if self.context.get("show_actor") else None


class TenderRefSerializer(serializers.ModelSerializer):
    buyer = CollectiviteRefSerializer()

    class Meta:
        model = Tender
        fields = ["id", "reference", "title", "buyer", "status"]


# Before 1970 a date is no deadline of this platform, and in Europe/Paris (how dates are rendered)
# it may fall in local mean time, whose offset (+00:09:21) no RFC 3339 date-time can carry.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


class UtcDateTimeField(serializers.DateTimeField):
    """Stored in UTC: an offset the database cannot take, or a date out of range, is a 400."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        try:
            parsed = parsed.astimezone(UTC)
        except OverflowError:
            raise serializers.ValidationError("Date hors des limites.") from None
        if parsed < EARLIEST:
            raise serializers.ValidationError("Date hors des limites.")
        return parsed


class CpvField(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=10, validators=[validate_cpv_code], **kwargs)


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


class LotInputSerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=999)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    estimated_value = _money(required=False, allow_null=True, default=None)
    cpv_code = CpvField(required=False, default="", allow_blank=True)


class NeedInputSerializer(serializers.Serializer):
    lot_number = serializers.IntegerField(min_value=1, max_value=999, required=False, default=None)
    quantity = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    amount = _money(required=False, allow_null=True, default=None)


class GroupMemberInputSerializer(serializers.Serializer):
    collectivite = serializers.PrimaryKeyRelatedField(
        queryset=Collectivite.objects.filter(is_active=True)
    )
    needs = NeedInputSerializer(many=True, required=False, default=list)


class TenderUpdateSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=50)
    title = serializers.CharField(max_length=300)
    object = serializers.CharField(required=False, allow_blank=True)
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    nature = serializers.ChoiceField(choices=Nature.choices)
    cpv_codes = serializers.ListField(child=CpvField(), required=False, max_length=50)
    estimated_value = _money()
    place_of_performance = serializers.CharField(max_length=200, required=False, allow_blank=True)
    question_deadline = UtcDateTimeField(required=False, allow_null=True)
    response_deadline = UtcDateTimeField(required=False, allow_null=True)
    candidature_deadline = UtcDateTimeField(
        required=False, allow_null=True, help_text="Procédures en deux phases."
    )
    urgency_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Urgence dûment justifiée."
    )
    prior_notice_sent_on = serializers.DateField(
        required=False, allow_null=True, help_text="Avis de préinformation envoyé le."
    )
    lots = LotInputSerializer(many=True, required=False)
    group_members = GroupMemberInputSerializer(many=True, required=False)
    exemption_ground = serializers.ChoiceField(
        choices=exemptions.CHOICES,
        required=False,
        allow_blank=True,
        help_text="Sans publicité au-delà du seuil de l'article R.2122-8 : le motif légal.",
    )
    exemption_justification = serializers.CharField(
        required=False, allow_blank=True, max_length=5000
    )


class TenderCreateSerializer(TenderUpdateSerializer):
    buyer = serializers.PrimaryKeyRelatedField(
        queryset=Collectivite.objects.filter(is_active=True),
        help_text="La collectivité acheteuse (coordonnatrice d'un groupement).",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class AwardedCompanyInputSerializer(serializers.Serializer):
    siret = serializers.CharField(max_length=14)
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class AwardInputSerializer(serializers.Serializer):
    """One award; the contract data are all required (the award service checks their rules)."""

    lot_number = serializers.IntegerField(min_value=1, max_value=999, required=False, default=None)
    amount = _money()
    notification_date = serializers.DateField(required=False, allow_null=True, default=None)
    companies = AwardedCompanyInputSerializer(many=True)
    duration_months = serializers.IntegerField(
        min_value=1, max_value=MAX_DURATION_MONTHS, help_text=CONTRACT_HELP["duration_months"]
    )
    price_form = serializers.ChoiceField(
        choices=PriceForm.choices, help_text=CONTRACT_HELP["price_form"]
    )
    price_types = _choices(
        PriceType, min_length=1, max_length=4, help_text=CONTRACT_HELP["price_types"]
    )
    ccag = serializers.ChoiceField(choices=Ccag.choices, help_text=CONTRACT_HELP["ccag"])
    techniques = _choices(
        Technique, min_length=1, max_length=7, help_text=CONTRACT_HELP["techniques"]
    )
    execution_terms = _choices(
        ExecutionTerm, min_length=1, max_length=4, help_text=CONTRACT_HELP["execution_terms"]
    )
    innovative = serializers.BooleanField(help_text=CONTRACT_HELP["innovative"])
    subcontracting_declared = serializers.BooleanField(
        help_text=CONTRACT_HELP["subcontracting_declared"]
    )
    advance_granted = serializers.BooleanField(help_text=CONTRACT_HELP["advance_granted"])
    advance_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text=CONTRACT_HELP["advance_rate"],
    )
    social_considerations = _choices(
        SocialConsideration,
        min_length=1,
        max_length=4,
        help_text=CONTRACT_HELP["social_considerations"],
    )
    environmental_considerations = _choices(
        EnvironmentalConsideration,
        min_length=1,
        max_length=3,
        help_text=CONTRACT_HELP["environmental_considerations"],
    )
    grouping_type = serializers.ChoiceField(
        choices=GroupingType.choices, help_text=CONTRACT_HELP["grouping_type"]
    )


class AwardRequestSerializer(serializers.Serializer):
    awards = AwardInputSerializer(many=True)


STATUS_CHOICES = TenderStatus.choices
