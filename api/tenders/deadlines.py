"""Deadline warnings (R.2132-6 late answers, R.2151-4 substantial DCE changes) and the buyer's
postponement with a reason."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from tenders import deadline_rules
from tenders.services.postponement import tender_postpone

from ..errors import ErrorSerializer
from .base import TENDER_ID, TenderChildViewSet
from .serializers.tenders import UtcDateTimeField

WARNING_KINDS = [
    ("late_answer", "Réponse tardive (R.2132-6)"),
    ("substantial_change", "Modification importante du DCE (R.2151-4)"),
]


class DeadlineWarningSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="L'article du code : R.2132-6 ou R.2151-4.")
    kind = serializers.ChoiceField(choices=WARNING_KINDS)
    at = serializers.DateTimeField()
    subject = serializers.CharField()
    suggested_response_deadline = serializers.DateTimeField()
    message = serializers.CharField()


class PostponeSerializer(serializers.Serializer):
    response_deadline = UtcDateTimeField()
    reason = serializers.CharField(max_length=2000)


class PostponedSerializer(serializers.Serializer):
    response_deadline = serializers.DateTimeField()
    warnings = DeadlineWarningSerializer(many=True, help_text="Ce qui reste à reporter.")


class DeadlineViewSet(TenderChildViewSet):
    pagination_class = None

    @extend_schema(
        summary="Reports de date limite à envisager (acheteurs)",
        parameters=[TENDER_ID],
        responses=DeadlineWarningSerializer(many=True),
    )
    def warnings(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        warnings = deadline_rules.tender_deadline_warnings(actor=request.user, tender=tender)
        return Response(
            DeadlineWarningSerializer([item.as_dict() for item in warnings], many=True).data
        )

    @extend_schema(
        summary="Reporter la date limite de remise des offres, avec un motif (acheteurs)",
        parameters=[TENDER_ID],
        request=PostponeSerializer,
        responses={200: PostponedSerializer, 409: ErrorSerializer},
    )
    def postpone(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        payload = PostponeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tender = tender_postpone(actor=request.user, tender=tender, **payload.validated_data)
        left = deadline_rules.deadline_warnings(tender)
        return Response(
            PostponedSerializer(
                {
                    "response_deadline": tender.response_deadline,
                    "warnings": [item.as_dict() for item in left],
                }
            ).data
        )
