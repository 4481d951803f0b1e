"""After the choice: rejection letters, standstill, certificates, notification, corrections and
modifications of an award (``/tenders/{tender_pk}/awards/{award_id}/…``), and the titulaire's
and rejected bidders' own views under ``/me/``. Thin views: the services decide (ADR 0017).
"""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from tenders import selectors, selectors_award, services
from tenders.models import Award, RejectionLetter
from tenders.services.rejection import letter_pdf

from ..errors import ErrorSerializer
from .base import TENDER_ID, TenderChildViewSet
from .documents import FileNegotiation
from .serializers import after_choice as shapes

CONFLICT = {409: ErrorSerializer}
AWARD_ID = OpenApiParameter("award_id", int, OpenApiParameter.PATH)
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}


class AwardStepsViewSet(TenderChildViewSet):
    """The steps of each award of a tender after the choice of the winner."""

    lookup_url_kwarg = "award_id"
    serializer_class = shapes.AwardStepsSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    def _award(self) -> Award:
        return selectors_award.award_get(
            actor=self.request.user, tender=self.tender(), pk=self.kwargs["award_id"]
        )

    def _answer(self, award: Award) -> Response:
        tender = award.tender
        award = selectors_award.award_get(actor=self.request.user, tender=tender, pk=award.pk)
        buyer = selectors.tender_viewer(actor=self.request.user, tender=tender).can_manage
        return Response(shapes.AwardStepsSerializer(award, context={"buyer": buyer}).data)

    @extend_schema(
        summary="Les attributions et leurs étapes (acheteurs) : lettres de rejet, délai de "
        "suspension, attestations, notification, modifications",
        parameters=[TENDER_ID],
        responses=shapes.AwardStepsSerializer(many=True),
    )
    def list(self, request, tender_pk=None):
        awards = selectors_award.award_steps(actor=request.user, tender=self.tender())
        return Response(
            shapes.AwardStepsSerializer(awards, many=True, context={"buyer": True}).data
        )

    def _act(self, request, payload_class, call) -> Response:
        award = self._award()
        data = {}
        if payload_class is not None:
            payload = payload_class(data=request.data)
            payload.is_valid(raise_exception=True)
            data = payload.validated_data
        call(award, data)
        return self._answer(award)

    @extend_schema(
        summary="Envoyer les lettres de rejet aux soumissionnaires écartés (R.2181-1 à -3)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.RejectionInputSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="rejection-letters")
    def rejection_letters(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.RejectionInputSerializer,
            lambda award, data: services.rejection_letters_send(
                actor=request.user, award=award, **data
            ),
        )

    @extend_schema(
        summary="Une lettre de rejet en PDF (acheteurs, ou l'entreprise destinataire)",
        parameters=[TENDER_ID, AWARD_ID],
        responses=PDF,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="rejection-letters/<dbid:letter_id>/pdf",
        content_negotiation_class=FileNegotiation,
    )
    def rejection_letter_pdf(self, request, tender_pk=None, award_id=None, letter_id=None):
        award = self._award()
        letter = selectors_award.rejection_letter_get(
            actor=request.user, tender=award.tender, award=award, pk=letter_id
        )
        return _pdf(letter_pdf(letter), f"lettre-de-rejet-{letter.pk}.pdf")

    @extend_schema(
        summary="Demander ses attestations au titulaire (R.2144-4)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.CertificatesRequestSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="certificates/request")
    def certificates_request(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.CertificatesRequestSerializer,
            lambda award, data: services.certificates_request(
                actor=request.user, award=award, **data
            ),
        )

    @extend_schema(
        summary="Déposer une attestation (le titulaire)",
        parameters=[TENDER_ID, AWARD_ID],
        request={"multipart/form-data": shapes.CertificateUploadSerializer},
        responses={200: shapes.AwardStepsSerializer, 413: ErrorSerializer, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="certificates/<dbid:certificate_id>/upload",
        parser_classes=[MultiPartParser],
    )
    def certificate_upload(self, request, tender_pk=None, award_id=None, certificate_id=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated("Identifiez-vous pour déposer une attestation.")
        return self._act(
            request,
            shapes.CertificateUploadSerializer,
            lambda award, data: services.certificate_upload(
                actor=request.user, award=award, certificate_id=certificate_id, file=data["file"]
            ),
        )

    @extend_schema(
        summary="Accepter ou refuser une attestation déposée (acheteurs)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.CertificateReviewSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="certificates/<dbid:certificate_id>/review")
    def certificate_review(self, request, tender_pk=None, award_id=None, certificate_id=None):
        return self._act(
            request,
            shapes.CertificateReviewSerializer,
            lambda award, data: services.certificate_review(
                actor=request.user, award=award, certificate_id=certificate_id, **data
            ),
        )

    @extend_schema(
        summary="Télécharger une attestation (acheteurs, ou le titulaire qui l'a déposée)",
        parameters=[TENDER_ID, AWARD_ID],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/jpeg"): OpenApiTypes.BINARY,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="certificates/<dbid:certificate_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def certificate_download(self, request, tender_pk=None, award_id=None, certificate_id=None):
        award = self._award()
        row = selectors_award.certificate_get(
            actor=request.user, tender=award.tender, award=award, pk=certificate_id
        )
        response = FileResponse(row.file.open("rb"), content_type=row.content_type)
        response["Content-Disposition"] = content_disposition_header(True, row.name)
        return response

    @extend_schema(
        summary="Notifier le marché signé au titulaire par la plateforme (après le délai de "
        "suspension et les attestations)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.NotifySerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def notify(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.NotifySerializer,
            lambda award, data: services.award_notify(actor=request.user, award=award, **data),
        )

    @extend_schema(
        summary="Enregistrer une notification faite hors de la plateforme (date passée ou du jour)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.NotificationRecordSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def notification(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.NotificationRecordSerializer,
            lambda award, data: services.award_notification_record(
                actor=request.user, award=award, **data
            ),
        )

    @extend_schema(
        summary="Accuser réception de la notification du marché (le titulaire)",
        parameters=[TENDER_ID, AWARD_ID],
        request=None,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, tender_pk=None, award_id=None):
        if not request.user.is_authenticated:
            raise NotAuthenticated("Identifiez-vous pour accuser réception.")
        return self._act(
            request,
            None,
            lambda award, data: services.award_acknowledge(actor=request.user, award=award),
        )

    @extend_schema(
        summary="Corriger une attribution avant sa notification (motif obligatoire, tracé)",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.CorrectionSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.CorrectionSerializer,
            lambda award, data: services.award_correct(actor=request.user, award=award, **data),
        )

    @extend_schema(
        summary="Enregistrer une modification (avenant) d'un marché notifié",
        parameters=[TENDER_ID, AWARD_ID],
        request=shapes.ModificationInputSerializer,
        responses={200: shapes.AwardStepsSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def modifications(self, request, tender_pk=None, award_id=None):
        return self._act(
            request,
            shapes.ModificationInputSerializer,
            lambda award, data: services.contract_modification_add(
                actor=request.user, award=award, **data
            ),
        )


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class MyAwardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The awards won by my company: certificates to deposit, notification to acknowledge."""

    serializer_class = shapes.MyAwardSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Award.objects.none()
        return selectors_award.awards_as_titulaire(actor=self.request.user)

    @extend_schema(summary="Les marchés attribués à mon entreprise")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class MyRejectionLetterViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The rejection letters my company received through the platform."""

    serializer_class = shapes.RejectionLetterReceivedSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RejectionLetter.objects.none()
        return selectors_award.rejection_letters_received(actor=self.request.user)

    @extend_schema(summary="Les lettres de rejet reçues par mon entreprise")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
