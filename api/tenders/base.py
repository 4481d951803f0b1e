"""What the tender sub-resources (documents, questions, bids) share: finding the tender."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from tenders import selectors
from tenders.models import Tender

from ..routing import DbIdLookup

TENDER_ID = OpenApiParameter("tender_pk", int, OpenApiParameter.PATH)


class TenderChildViewSet(DbIdLookup, viewsets.GenericViewSet):
    """Endpoints under ``/tenders/{tender_pk}/``: the services and selectors they call decide
    who may do what; a tender the caller may not see is a 404."""

    permission_classes = [AllowAny]
    filter_backends: list = []

    def tender(self, to: str = "view") -> Tender:
        """The tender of the URL, read ``to`` view it or act on it (``to="manage"``: a 403
        before the request's payload is read)."""
        return selectors.tender_get(actor=self.request.user, pk=self.kwargs["tender_pk"], to=to)
