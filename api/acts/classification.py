"""The classification matières in force (public: the form needs it), and importing a newer one."""

from drf_spectacular.utils import extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from acts import selectors, services
from collectivites.errors import ApplicationError, NotFoundError

from ..errors import ErrorSerializer
from . import serializers


class ClassificationView(APIView):
    parser_classes = [MultiPartParser]

    def get_permissions(self):
        return (
            [AllowAny()]
            if self.request.method in ("GET", "HEAD", "OPTIONS")
            else super().get_permissions()
        )

    @extend_schema(
        summary="La classification matières en vigueur",
        responses=serializers.ClassificationSerializer,
        auth=[{}, {"tokenAuth": []}, {"cookieAuth": []}],
    )
    def get(self, request):
        tree = selectors.classification_tree()
        if tree is None:
            raise NotFoundError("Aucune classification.")
        return Response(serializers.ClassificationSerializer(tree).data)

    @extend_schema(
        summary="Importer une version plus récente (RetourClassification @CTES)",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={201: serializers.ClassificationSerializer, 409: ErrorSerializer},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError("Joignez le fichier.", extra={"fields": {"file": ["Vide."]}})
        services.classification_import(actor=request.user, handle=upload, source=upload.name)
        tree = selectors.classification_tree()
        return Response(serializers.ClassificationSerializer(tree).data, status=201)
