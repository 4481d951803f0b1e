"""Acts to the prefecture: thin views over ``acts.services`` and ``acts.selectors``.

The services and selectors decide who may do what (``acts.rules``): an act the caller may not
see is a 404; refused transitions are 409s with a sentence saying why.
"""

from datetime import date

from django.http import FileResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from acts import selectors, services, stamp
from acts.models import Act, ActNature, ActStatus
from collectivites.errors import ApplicationError, ConflictError, NotFoundError

from ..errors import ErrorSerializer
from ..pagination import KeysetPagination
from ..params import is_number
from ..routing import DbIdLookup
from ..tenders.documents import FileNegotiation
from . import serializers

CONFLICT = {409: ErrorSerializer}
PDF = OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier PDF.")
FILE_TYPES = ("application/pdf", "application/xml", "image/png", "image/jpeg")
FILTERS = [
    OpenApiParameter("status", str, enum=ActStatus.values, description="État."),
    OpenApiParameter("nature", int, enum=ActNature.values, description="Nature (1 à 6)."),
    OpenApiParameter("classification", str, description="Code matière (ex. 7 ou 7.1)."),
    OpenApiParameter("decided_after", OpenApiTypes.DATE, description="Décidé à partir du…"),
    OpenApiParameter("decided_before", OpenApiTypes.DATE, description="Décidé jusqu'au…"),
    OpenApiParameter("collectivite", int, description="Id de la collectivité."),
]


def _bad(name: str, message: str) -> ApplicationError:
    return ApplicationError(message, extra={"fields": {name: [message]}})


def parse_filters(params) -> dict:
    filters: dict = {}
    raw = params.get("status")
    if raw:
        if raw not in ActStatus.values:
            raise _bad("status", "État inconnu.")
        filters["status"] = raw
    raw = params.get("nature")
    if raw:
        if not is_number(raw, max_digits=1) or int(raw) not in ActNature.values:
            raise _bad("nature", "Nature inconnue (1 à 6).")
        filters["nature"] = int(raw)
    raw = params.get("classification")
    if raw:
        parts = raw.split(".")
        if len(parts) > 5 or not all(is_number(part, max_digits=3) for part in parts):
            raise _bad("classification", "Code matière invalide (ex. 7.1).")
        filters["classification"] = raw
    for name in ("decided_after", "decided_before"):
        raw = params.get(name)
        if raw:
            try:
                filters[name] = date.fromisoformat(raw)
            except ValueError:
                raise _bad(name, "Date invalide (AAAA-MM-JJ).") from None
    raw = params.get("collectivite")
    if raw:
        if not is_number(raw, max_digits=18):
            raise _bad("collectivite", "Id de collectivité invalide.")
        filters["collectivite"] = int(raw)
    return filters


def collectivite_field(request, pk: int):
    try:
        return selectors.collectivite_public(actor=request.user, pk=pk)
    except NotFoundError:
        raise _bad("collectivite", "Collectivité inconnue.") from None


def file_response(field, *, name: str, content_type: str) -> FileResponse:
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


class ActViewSet(DbIdLookup, viewsets.GenericViewSet):
    serializer_class = serializers.ActSerializer
    pagination_class = KeysetPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Act.objects.none()
        return selectors.act_list(actor=self.request.user, **parse_filters(self.request.GET))

    def _act(self, to: str = "view") -> Act:
        return selectors.act_get(actor=self.request.user, pk=self.kwargs["pk"], to=to)

    def _detail(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        act = selectors.act_detail(actor=self.request.user, pk=pk)
        return Response(serializers.ActDetailSerializer(act).data, status=code)

    @extend_schema(
        summary="Actes (de mes collectivités ; tous transmis pour la préfecture)",
        parameters=FILTERS,
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(serializers.ActSerializer(page, many=True).data)

    @extend_schema(
        summary="Un acte, ses fichiers et ses échanges", responses=serializers.ActDetailSerializer
    )
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        summary="Déposer un acte (agents de télétransmission)",
        description="Tout est vérifié avant enregistrement (400 nommant le champ) ; au plus "
        "150 Mo au total (413). L'acte est « déposé » : la transmission est une seconde étape.",
        request={"multipart/form-data": serializers.ActCreateSerializer},
        responses={201: serializers.ActDetailSerializer, 413: ErrorSerializer},
    )
    def create(self, request):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if is_number(length, max_digits=18) and int(length) > services.max_request_bytes():
            raise services.TooLargeError(
                "L'acte et ses annexes dépassent la taille maximale.",
                extra={"limit": services.max_request_bytes()},
            )
        payload = serializers.ActCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        act = services.act_create(
            actor=request.user,
            collectivite=collectivite_field(request, data["collectivite"]),
            nature=int(data["nature"]),
            classification=data["classification"],
            decision_date=data["decision_date"],
            number=data["number"],
            object=data["object"],
            document_type=data.get("document_type") or None,
            file=data["file"],
            annexes=data.get("annexes") or [],
        )
        return self._detail(act.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Transmettre l'acte à la préfecture",
        description="Déposé (ou en erreur) → en attente de transmission ; la remise à la "
        "passerelle se fait en tâche de fond, jamais deux fois. 409 sinon.",
        request=None,
        responses={202: serializers.ActDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def transmit(self, request, pk=None):
        services.act_transmit(actor=request.user, act=self._act())
        return self._detail(pk, status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Annuler l'acte",
        description="Avant transmission : annulé aussitôt. Transmis : une annulation est "
        "transmise à la préfecture, l'acte est annulé à son accusé de réception.",
        request=None,
        responses={200: serializers.ActDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        services.act_cancel(actor=request.user, act=self._act())
        return self._detail(pk)

    @extend_schema(
        summary="Enregistrer la publication (ou l'affichage), mettre en ligne",
        request=serializers.PublishSerializer,
        responses={200: serializers.ActDetailSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        act = self._act()  # an act the caller may not see is a 404 before the body is read
        payload = serializers.PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.act_publish(actor=request.user, act=act, **payload.validated_data)
        return self._detail(pk)

    @extend_schema(
        summary="Chronologie de l'acte (journal d'audit)",
        responses=serializers.ActTimelineEventSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def timeline(self, request, pk=None):
        events = selectors.act_timeline(actor=request.user, act=self._act())
        return Response(serializers.ActTimelineEventSerializer(events, many=True).data)

    @extend_schema(
        summary="Télécharger un fichier de l'acte (original, intact)",
        responses={
            (200, media): OpenApiResponse(OpenApiTypes.BINARY, description="Le fichier.")
            for media in FILE_TYPES
        },
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="files/<dbid:file_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def download(self, request, pk=None, file_id=None):
        row = selectors.act_file_get(actor=request.user, act=self._act(), file_id=file_id)
        return file_response(row.file, name=row.name, content_type=row.content_type)

    @extend_schema(
        summary="L'acte tamponné (identifiant, réception en préfecture, publication)",
        description="Pour un acte PDF acquitté ; l'original reste intact. 409 sinon.",
        responses={(200, "application/pdf"): PDF, **CONFLICT},
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def stamped(self, request, pk=None):
        act = self._act()
        if act.status != ActStatus.ACKNOWLEDGED:
            raise ConflictError("Seul un acte acquitté par la préfecture peut être tamponné.")
        row = act.files.get(position=1)
        if row.extension != "pdf":
            raise ConflictError("Seul un acte PDF peut être tamponné.")
        with row.file.open("rb") as original:
            copy = stamp.stamped_copy(act, original)
        response = FileResponse(copy, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            True, f"{act.identifier}-tamponne.pdf"
        )
        return response

    @extend_schema(
        summary="L'accusé de réception de la préfecture (ARActe, XML)",
        responses={
            (200, "application/xml"): OpenApiResponse(OpenApiTypes.BINARY, description="ARActe"),
            **CONFLICT,
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def acknowledgement(self, request, pk=None):
        act = self._act()
        if not act.acknowledgement:
            raise ConflictError("La préfecture n'a pas encore acquitté cet acte.")
        return file_response(
            act.acknowledgement, name=f"{act.identifier}-1-2_0.xml", content_type="application/xml"
        )

    @extend_schema(
        summary="L'archive @CTES transmise (tar.gz)",
        responses={
            (200, "application/gzip"): OpenApiResponse(OpenApiTypes.BINARY, description="tar.gz"),
            **CONFLICT,
        },
    )
    @action(detail=True, methods=["get"], content_negotiation_class=FileNegotiation)
    def archive(self, request, pk=None):
        act = self._act()
        if not act.archive:
            raise ConflictError("L'acte n'a pas encore été transmis.")
        return file_response(
            act.archive, name=f"{act.identifier}-1-1.tar.gz", content_type="application/gzip"
        )

    # --- Later exchanges ---------------------------------------------------------------------

    @extend_schema(
        summary="Écrire à la collectivité (agents de la préfecture simulée)",
        request={"multipart/form-data": serializers.ExchangeSendSerializer},
        responses={201: serializers.ActMessageSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def exchanges(self, request, pk=None):
        act = self._act()
        payload = serializers.ExchangeSendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        message = services.exchange_send(actor=request.user, act=act, **payload.validated_data)
        return Response(
            serializers.ActMessageSerializer(message).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Répondre à un courrier simple ou à une demande de pièces complémentaires",
        request={"multipart/form-data": serializers.AnswerSerializer},
        responses={201: serializers.ActMessageSerializer, **CONFLICT},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="exchanges/<dbid:message_id>/answer",
        parser_classes=[MultiPartParser, FormParser],
    )
    def answer(self, request, pk=None, message_id=None):
        message = selectors.act_message_get(
            actor=request.user, act=self._act(), message_id=message_id
        )
        payload = serializers.AnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        answer = services.exchange_answer(
            actor=request.user, message=message, **payload.validated_data
        )
        return Response(
            serializers.ActMessageSerializer(answer).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Télécharger la pièce jointe d'un échange",
        responses={(200, "application/pdf"): PDF},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="exchanges/<dbid:message_id>/download",
        content_negotiation_class=FileNegotiation,
    )
    def exchange_download(self, request, pk=None, message_id=None):
        message = selectors.act_message_get(
            actor=request.user, act=self._act(), message_id=message_id
        )
        if not message.file:
            raise NotFoundError("Cet échange n'a pas de pièce jointe.")
        return file_response(
            message.file, name=message.file_name or "piece.pdf", content_type="application/pdf"
        )
