"""Questions and answers: companies ask, the buyer answers for all, the asker stays hidden."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from tenders import selectors, services

from ..errors import ErrorSerializer
from . import serializers
from .base import TENDER_ID, TenderChildViewSet

CONFLICT = {409: ErrorSerializer}


class QuestionViewSet(TenderChildViewSet):
    serializer_class = serializers.QuestionSerializer
    lookup_url_kwarg = "question_id"

    @extend_schema(
        summary="Questions et réponses (l'auteur n'est visible que de l'acheteur)",
        parameters=[TENDER_ID],
        responses=serializers.QuestionSerializer(many=True),
    )
    def list(self, request, tender_pk=None):
        tender = self.tender()
        questions = selectors.question_list(actor=request.user, tender=tender)
        viewer = selectors.tender_viewer(actor=request.user, tender=tender)
        page = self.paginate_queryset(questions)
        context = {"show_asker": viewer.see_askers}
        data = serializers.QuestionSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Poser une question (entreprises identifiées, avant la date limite)",
        parameters=[TENDER_ID],
        request=serializers.TextSerializer,
        responses={201: serializers.QuestionSerializer, **CONFLICT},
    )
    def create(self, request, tender_pk=None):
        tender = self.tender(to="ask_question")
        payload = serializers.TextSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = services.question_ask(
            actor=request.user, tender=tender, **payload.validated_data
        )
        return Response(
            serializers.QuestionSerializer(question).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Répondre à une question (acheteurs) : réponse publiée à tous",
        parameters=[TENDER_ID],
        request=serializers.TextSerializer,
        responses={201: serializers.QuestionSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, tender_pk=None, question_id=None):
        tender = self.tender(to="manage")
        question = selectors.question_get(actor=request.user, tender=tender, pk=question_id)
        payload = serializers.TextSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.question_answer(actor=request.user, question=question, **payload.validated_data)
        question.refresh_from_db()
        viewer = selectors.tender_viewer(actor=request.user, tender=question.tender)
        context = {"show_asker": viewer.see_askers}
        data = serializers.QuestionSerializer(question, context=context).data
        return Response(data, status=status.HTTP_201_CREATED)
