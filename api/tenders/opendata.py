"""Open data of the tender room, public: OCDS release packages and DECP JSON.

``GET tenders/ocds/`` pages through every public tender by id (``?after=<last id>``, at most
``page_size`` releases per package, 100 by default, 500 at most); ``links.next`` gives the next
page, absent on the last. Keyset pages stay stable while tenders are added, and each page costs
the same fixed number of queries.

``GET tenders/decp/`` is one DECP v2 document (``?year=`` of notification); awards recorded
without contract data are not in it, and its ``X-Awards-Without-Contract-Data`` header counts
them (see ``tenders/opendata/decp.py``).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from collectivites.errors import ApplicationError, NotFoundError
from tenders.opendata import decp, ocds
from tenders.services import tender_close_due

from ..errors import ErrorSerializer
from ..params import is_number
from ..years import parse_year, year_parameter
from .base import TENDER_ID

PACKAGE = OpenApiResponse(OpenApiTypes.OBJECT, description="Release package OCDS 1.1 (JSON).")
DEFAULT_PAGE, MAX_PAGE = 100, 500


def _positive(raw: str | None, name: str, default: int, maximum: int | None = None) -> int:
    if raw is None or raw == "":
        return default
    if not is_number(raw, max_digits=18) or (maximum and not 1 <= int(raw) <= maximum):
        bound = f" (1 à {maximum})" if maximum else ""
        message = f"Paramètre {name} invalide : un entier positif{bound} est attendu."
        raise ApplicationError(message, extra={"fields": {name: [message]}})
    return int(raw)


class OcdsPackageView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="tenders_ocds_package",
        summary="OCDS : toutes les consultations publiques (par pages)",
        parameters=[
            OpenApiParameter("after", int, description="Id de la dernière consultation reçue."),
            OpenApiParameter("page_size", int, description="Releases par paquet (≤ 500)."),
        ],
        responses={200: PACKAGE, 400: ErrorSerializer},
    )
    def get(self, request):
        after = _positive(request.query_params.get("after"), "after", 0)
        size = _positive(request.query_params.get("page_size"), "page_size", DEFAULT_PAGE, MAX_PAGE)
        tender_close_due()
        tenders = list(ocds.queryset().filter(pk__gt=after)[: size + 1])
        more, tenders = len(tenders) > size, tenders[:size]
        extra = {}
        if more:
            query = request.query_params.copy()
            query["after"] = str(tenders[-1].pk)
            query["page_size"] = str(size)
            extra["links"] = {
                "next": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            }
        releases = [ocds.release(tender) for tender in tenders]
        return Response(ocds.package(releases, uri=request.build_absolute_uri(), **extra))


class OcdsTenderView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="tender_ocds_release",
        summary="OCDS : la release d'une consultation publique",
        parameters=[TENDER_ID],
        responses=PACKAGE,
    )
    def get(self, request, tender_pk: str):
        tender_close_due()
        tender = ocds.queryset().filter(pk=tender_pk).first()
        if tender is None:
            raise NotFoundError("Consultation introuvable.")
        return Response(ocds.package([ocds.release(tender)], uri=request.build_absolute_uri()))


LEFT_OUT_HEADER = "X-Awards-Without-Contract-Data"


class DecpView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="tenders_decp",
        summary="DECP v2 : données essentielles des marchés attribués",
        parameters=[
            year_parameter(required=False, description="Année de notification (défaut : toutes).")
        ],
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="{marches: {marche: [...]}}. Les attributions enregistrées sans les "
                "données du marché (durée, forme du prix, CCAG…) n'y figurent pas : leur nombre "
                "est dans l'en-tête X-Awards-Without-Contract-Data.",
            ),
            400: ErrorSerializer,
        },
    )
    def get(self, request):
        year = parse_year(request.query_params.get("year"))
        response = Response(decp.document(decp.queryset(year=year)))
        response[LEFT_OUT_HEADER] = str(decp.without_contract_data(year=year))
        return response
