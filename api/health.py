"""``GET /api/v1/health/``: the process answers (a load balancer's liveness check).

It asks nothing of the database: it says the web process is up, not that the platform works.
It is also the floor of the API load benchmark (bench/load/): the same stack (ASGI server,
middleware, DRF) with no work of its own, so what a real endpoint costs beyond it shows.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Le processus répond",
        responses=inline_serializer("Health", {"status": serializers.CharField()}),
    )
    def get(self, request):
        return Response({"status": "ok"})
