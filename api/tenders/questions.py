"""Questions and answers: companies ask, the buyer answers for all, the asker stays hidden."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from collectivites import permissions
from tenders import rules, selectors, services
from tenders.models import Question

from . import serializers as s
from .base import ERRORS, NOT_FOUND, TENDER_ID, TenderChildViewSet

QUESTION_ID = OpenApiParameter("question_id", int, OpenApiParameter.PATH)


class QuestionViewSet(TenderChildViewSet):
    serializer_class = s.QuestionSerializer

    @extend_schema(
        summary="Questions et réponses (l'auteur n'est visible que de l'acheteur)",
        parameters=[TENDER_ID],
        responses={200: s.QuestionSerializer(many=True), 404: NOT_FOUND},
    )
    def list(self, request, tender_pk=None):
        tender = self.tender()
        show_asker = rules.can_see_askers(request.user, tender)
        questions = selectors.question_list(user=request.user, tender=tender)
        page = self.paginate_queryset(questions)
        data = s.QuestionSerializer(page, many=True, context={"show_asker": show_asker}).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Poser une question (entreprises identifiées, avant la date limite)",
        parameters=[TENDER_ID],
        request=s.TextSerializer,
        responses={201: s.QuestionSerializer, **ERRORS},
    )
    def create(self, request, tender_pk=None):
        tender = self.tender()
        permissions.require(request.user, "ask_question", tender)
        payload = s.TextSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        question = services.question_ask(
            actor=request.user, tender=tender, **payload.validated_data
        )
        return Response(s.QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Répondre à une question (acheteurs) : réponse publiée à tous",
        parameters=[TENDER_ID, QUESTION_ID],
        request=s.TextSerializer,
        responses={201: s.QuestionSerializer, **ERRORS},
    )
    def answer(self, request, tender_pk=None, question_id=None):
        tender = self.managed_tender()
        question = get_object_or_404(
            Question.objects.select_related("asked_by", "company", "tender__buyer"),
            tender=tender,
            pk=question_id,
        )
        payload = s.TextSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.question_answer(actor=request.user, question=question, **payload.validated_data)
        question.refresh_from_db()
        data = s.QuestionSerializer(question, context={"show_asker": True}).data
        return Response(data, status=status.HTTP_201_CREATED)
