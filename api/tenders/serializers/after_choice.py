"""Shapes of the steps after the choice: analysis grid, rejection letters, standstill,
certificates, notification and modifications (ADR 0017)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenders.models import (
    Award,
    AwardNotification,
    Certificate,
    CertificateKind,
    ContractModification,
    Criterion,
    RejectionLetter,
)
from tenders.models.analysis import MAX_SCORE
from tenders.models.contract import MAX_DURATION_MONTHS
from tenders.services.rejection import letter_text
from tenders.services.standstill import standstill

from ...serializers import ChoiceLabelField
from .tenders import AwardedCompanySerializer, TenderRefSerializer

# --- Analysis ---------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    lot_number = serializers.IntegerField(source="lot.number", allow_null=True, default=None)

    class Meta:
        model = Criterion
        fields = ["id", "lot_number", "position", "name", "weight"]


class CriterionInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=1, max_value=100, help_text="En % ; total 100.")
    lot_number = serializers.IntegerField(min_value=1, max_value=999, required=False, default=None)


class CriteriaInputSerializer(serializers.Serializer):
    criteria = CriterionInputSerializer(many=True, max_length=50)


class ScoreInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    score = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=0, max_value=MAX_SCORE
    )
    comment = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class ScoresInputSerializer(serializers.Serializer):
    scores = ScoreInputSerializer(many=True, max_length=50)


class GridScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    score = serializers.DecimalField(max_digits=4, decimal_places=2)
    comment = serializers.CharField()


class GridRowSerializer(serializers.Serializer):
    bid_id = serializers.IntegerField(source="bid.pk")
    company = serializers.CharField(source="bid.company.name")
    siret = serializers.CharField(source="bid.company.siret")
    scores = serializers.SerializerMethodField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="Sur 100.")
    complete = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)

    @extend_schema_field(GridScoreSerializer(many=True))
    def get_scores(self, row):
        return GridScoreSerializer(list(row.scores.values()), many=True).data


class GridScopeSerializer(serializers.Serializer):
    lot_number = serializers.SerializerMethodField()
    criteria = CriterionSerializer(many=True)
    rows = GridRowSerializer(many=True)

    def get_lot_number(self, scope) -> int | None:
        return scope.lot.number if scope.lot else None


# --- Award steps ------------------------------------------------------------------------------


class StandstillSerializer(serializers.Serializer):
    applies = serializers.BooleanField()
    rule = serializers.CharField()
    explanation = serializers.CharField()
    signable_from = serializers.DateField(allow_null=True)
    missing = serializers.ListField(child=serializers.CharField())


class RejectionLetterSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="company.name")
    siret = serializers.CharField(source="company.siret")

    class Meta:
        model = RejectionLetter
        fields = ["id", "company", "siret", "electronic", "sent_at", "reasons"]


class CertificateSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="company.name")
    kind_label = ChoiceLabelField(Certificate, "kind")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "company",
            "kind",
            "kind_label",
            "due_on",
            "requested_at",
            "name",
            "size",
            "sha256",
            "uploaded_at",
            "accepted_at",
            "refusal_reason",
        ]


class AwardNotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AwardNotification
        fields = ["signed_on", "sent_at", "received_at", "completed_at"]


class ContractModificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractModification
        fields = [
            "number",
            "object",
            "amount",
            "duration_months",
            "signed_on",
            "notified_on",
            "published_on",
        ]


class AwardStepsSerializer(serializers.ModelSerializer):
    """An award and where it stands after the choice (the buyer's and the titulaire's view)."""

    lot_number = serializers.IntegerField(source="lot.number", allow_null=True, default=None)
    tender = TenderRefSerializer()
    companies = AwardedCompanySerializer(many=True)
    standstill = serializers.SerializerMethodField()
    rejection_letters = serializers.SerializerMethodField()
    certificates = CertificateSerializer(many=True)
    notification = serializers.SerializerMethodField()
    modifications = ContractModificationSerializer(many=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "tender",
            "lot_number",
            "amount",
            "companies",
            "notification_date",
            "standstill",
            "rejection_letters",
            "certificates",
            "notification",
            "modifications",
        ]

    @extend_schema_field(StandstillSerializer)
    def get_standstill(self, award):
        state = standstill(award)
        if not self.context.get("buyer"):
            state = type(state)(state.applies, state.rule, state.explanation, state.signable_from)
        return StandstillSerializer(state).data

    @extend_schema_field(RejectionLetterSerializer(many=True))
    def get_rejection_letters(self, award):
        if not self.context.get("buyer"):
            return []  # who else bid is the buyer's to know
        return RejectionLetterSerializer(award.rejection_letters.all(), many=True).data

    @extend_schema_field(AwardNotificationSerializer(allow_null=True))
    def get_notification(self, award):
        notification = getattr(award, "notification", None)
        return AwardNotificationSerializer(notification).data if notification else None


class MyAwardSerializer(AwardStepsSerializer):
    """The titulaire's view of its award: certificates and notification, not who else bid (nor
    the standstill, computed per award, which a list must not do row by row)."""

    class Meta(AwardStepsSerializer.Meta):
        fields = [
            name
            for name in AwardStepsSerializer.Meta.fields
            if name not in {"standstill", "rejection_letters"}
        ]


class RejectionInputSerializer(serializers.Serializer):
    reasons = serializers.CharField(
        max_length=5000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Motifs du rejet (obligatoires en procédure formalisée, R.2181-3).",
    )
    winner_reasons = serializers.CharField(
        max_length=5000,
        required=False,
        default="",
        allow_blank=True,
        help_text="Motifs du choix de l'offre retenue (procédure formalisée, R.2181-3).",
    )
    reasons_by_company = serializers.DictField(
        child=serializers.CharField(max_length=5000, allow_blank=True),
        required=False,
        default=dict,
        help_text="Motifs propres à une entreprise : identifiant → motifs.",
    )
    posted_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Lettres envoyées par la poste ce jour-là (délai de 16 jours) ; absent : "
        "envoi électronique par la plateforme (11 jours).",
    )

    def validate_reasons_by_company(self, value):
        if any(not key.isdigit() or len(key) > 18 for key in value):
            raise serializers.ValidationError("Identifiants d'entreprise numériques.")
        return {int(key): text for key, text in value.items()}


class CertificatesRequestSerializer(serializers.Serializer):
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CertificateKind.choices),
        required=False,
        default=None,
        allow_null=True,
        max_length=3,
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class CertificateReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)


class CertificateUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PDF, PNG ou JPEG.")


class NotifySerializer(serializers.Serializer):
    signed_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Date de signature par l'acheteur (par défaut : aujourd'hui).",
    )


class NotificationRecordSerializer(NotifySerializer):
    notification_date = serializers.DateField(help_text="Date de réception par le titulaire.")


class CorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    changes = serializers.DictField(
        help_text="Champs de l'attribution à corriger (montant, données du marché)."
    )


class ModificationInputSerializer(serializers.Serializer):
    object = serializers.CharField(max_length=5000)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=1, required=False, allow_null=True, default=None
    )
    duration_months = serializers.IntegerField(
        min_value=1, max_value=MAX_DURATION_MONTHS, required=False, allow_null=True, default=None
    )
    signed_on = serializers.DateField()
    notified_on = serializers.DateField()


class RejectionLetterReceivedSerializer(serializers.ModelSerializer):
    tender = TenderRefSerializer(source="award.tender")
    award_id = serializers.IntegerField(source="award.pk")
    lot_number = serializers.IntegerField(source="award.lot.number", allow_null=True, default=None)
    text = serializers.SerializerMethodField()

    class Meta:
        model = RejectionLetter
        fields = ["id", "tender", "award_id", "lot_number", "sent_at", "text"]

    def get_text(self, letter) -> str:
        return letter_text(letter.content)
