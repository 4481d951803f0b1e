"""Notices of a consultation: the texts (HTML, PDF) for whoever sees it, the publicity its value
requires, and sending to the BOAMP or TED (buyers; a task does the sending)."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from tenders import notices
from tenders.models import NoticeChannel, NoticeKind, NoticeSending
from tenders.publicity import publicity_for
from tenders.services import notices as notice_services

from ..errors import ErrorSerializer
from .base import TENDER_ID, TenderChildViewSet

KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=NoticeKind.values)


class PublicitySerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=["none_required", "buyer_profile", "national", "european"]
    )
    rule = serializers.CharField()
    channels = serializers.ListField(child=serializers.ChoiceField(NoticeChannel.choices))
    label = serializers.CharField()


class NoticeSendingSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeSending
        fields = [
            "id",
            "kind",
            "channel",
            "status",
            "sha256",
            "requested_at",
            "sent_at",
            "external_reference",
            "attempts",
            "last_error",
        ]


class NoticesSerializer(serializers.Serializer):
    publicity = PublicitySerializer()
    sendings = NoticeSendingSerializer(many=True)


class NoticeSendSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    channel = serializers.ChoiceField(choices=NoticeChannel.choices)


class NoticeViewSet(TenderChildViewSet):
    pagination_class = None

    @extend_schema(
        summary="Publicité requise et envois d'avis (acheteurs)",
        parameters=[TENDER_ID],
        responses=NoticesSerializer,
    )
    def overview(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        sendings = notice_services.notice_sendings(actor=request.user, tender=tender)
        data = {"publicity": publicity_for(tender).__dict__, "sendings": list(sendings)}
        return Response(NoticesSerializer(data).data)

    @extend_schema(
        summary="Envoyer un avis au BOAMP ou au JOUE (acheteurs)",
        parameters=[TENDER_ID],
        request=NoticeSendSerializer,
        responses={202: NoticeSendingSerializer, 409: ErrorSerializer},
    )
    def create(self, request, tender_pk=None):
        tender = self.tender(to="manage")
        payload = NoticeSendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sending = notice_services.notice_send(
            actor=request.user, tender=tender, **payload.validated_data
        )
        sending.refresh_from_db()
        return Response(NoticeSendingSerializer(sending).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Texte de l'avis (HTML)",
        parameters=[TENDER_ID, KIND],
        responses={(200, "text/html"): OpenApiTypes.STR, 409: ErrorSerializer},
    )
    def html(self, request, tender_pk=None, kind=None):
        tender = self.tender()
        html = notice_services.notice_render(actor=request.user, tender=tender, kind=kind)
        return HttpResponse(html, content_type="text/html; charset=utf-8")

    @extend_schema(
        summary="Texte de l'avis (PDF)",
        parameters=[TENDER_ID, KIND],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 409: ErrorSerializer},
    )
    def pdf(self, request, tender_pk=None, kind=None):
        tender = self.tender()
        html = notice_services.notice_render(actor=request.user, tender=tender, kind=kind)
        response = HttpResponse(notices.notice_pdf(html), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, notices.notice_filename(tender, kind, "pdf")
        )
        return response
