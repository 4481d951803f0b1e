"""What the tender sub-resources (documents, questions) share: finding the tender."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from collectivites import permissions
from tenders import selectors
from tenders.models import Tender

from ..errors import ErrorSerializer

ID = r"[0-9]{1,18}"  # a database id; longer digit strings would overflow (a 500, not a 404)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Introuvable, ou non visible pour vous.")
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: NOT_FOUND, 409: ErrorSerializer}
TENDER_ID = OpenApiParameter("tender_pk", int, OpenApiParameter.PATH)


class TenderChildViewSet(viewsets.GenericViewSet):
    """Endpoints under ``/tenders/{tender_pk}/``: open to all who can see the tender."""

    permission_classes = [AllowAny]
    filter_backends: list = []

    def tender(self) -> Tender:
        return get_object_or_404(
            selectors.tender_list(user=self.request.user), pk=self.kwargs["tender_pk"]
        )

    def managed_tender(self) -> Tender:
        tender = self.tender()
        permissions.require(self.request.user, "manage", tender)
        return tender
