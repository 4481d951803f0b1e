"""Logging in: session (same-origin frontend, CSRF-protected) and token (scripts, other apps).

Failed logins go through django-axes: after ``AXES_FAILURE_LIMIT`` failures for one
username from one address, that pair is locked out for ``AXES_COOLOFF_TIME``, whatever the
password. A DRF throttle also caps attempts per address across usernames.
"""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from collectivites.errors import ApplicationError, ErrorCode
from collectivites.selectors import user_profile

from .authentication import SessionAuthentication
from .errors import ErrorSerializer, error_response
from .serializers import MeSerializer


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class AccountLockedError(ApplicationError):
    status_code = 429
    default_code = ErrorCode.LOCKED_OUT


def _lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        "Trop de tentatives de connexion échouées : ce compte est bloqué depuis cette adresse "
        f"pendant {minutes} minutes."
    )


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' lockout answer, in the API's error shape (also used by the admin login)."""
    return error_response(
        _lockout_message(),
        ErrorCode.LOCKED_OUT,
        429,
        {"retry_after_seconds": int(settings.AXES_COOLOFF_TIME.total_seconds())},
    )


def _authenticate(request, data: dict):
    serializer = CredentialsSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    django_request = request._request
    user = authenticate(django_request, **serializer.validated_data)
    if getattr(django_request, "axes_locked_out", False):
        raise AccountLockedError(
            _lockout_message(),
            extra={"retry_after_seconds": int(settings.AXES_COOLOFF_TIME.total_seconds())},
        )
    if user is None:
        raise ApplicationError(
            "Identifiant ou mot de passe incorrect.", code=ErrorCode.AUTHENTICATION_FAILED
        )
    return user


class PublicThrottledView(APIView):
    """Open to anonymous callers, who send credentials: throttled per address (scope "login")."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


TokenSerializer = inline_serializer(name="Token", fields={"token": serializers.CharField()})
_ERRORS = {400: ErrorSerializer, 429: ErrorSerializer}


class TokenView(PublicThrottledView):
    @extend_schema(
        request=CredentialsSerializer,
        responses={200: TokenSerializer, **_ERRORS},
        summary="Obtenir un jeton d'API",
        auth=[],
    )
    def post(self, request):
        user = _authenticate(request, request.data)
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class TokenRevokeView(APIView):
    @extend_schema(request=None, responses={204: None}, summary="Révoquer son jeton d'API")
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionLoginView(PublicThrottledView):
    @extend_schema(
        request=CredentialsSerializer,
        responses={200: MeSerializer, 403: ErrorSerializer, **_ERRORS},
        summary="Ouvrir une session (frontend)",
        auth=[],
    )
    def post(self, request):
        SessionAuthentication().enforce_csrf(request)
        user = _authenticate(request, request.data)
        login(request._request, user)
        return Response(MeSerializer(user_profile(user=user)).data)


class SessionLogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="Fermer la session")
    def post(self, request):
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(name="Csrf", fields={"csrfToken": serializers.CharField()})
        },
        summary="Obtenir le cookie et le jeton CSRF",
        auth=[],
    )
    def get(self, request):
        return Response({"csrfToken": get_token(request._request)})
