"""Shapes of questions and answers (the asker shown to the buyer only)."""

from rest_framework import serializers

from tenders.models import (
    Question,
)

from ...serializers import CompanySerializer


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    published_at = serializers.DateTimeField()


class QuestionSerializer(serializers.ModelSerializer):
    """The asker (company, person) is filled in for the buyer's side only."""

    answer = serializers.SerializerMethodField()
    company = serializers.SerializerMethodField()
    asked_by = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "text", "asked_at", "answer", "company", "asked_by"]

    def _show_asker(self) -> bool:
        return bool(self.context.get("show_asker"))

    def get_answer(self, question: Question) -> AnswerSerializer(allow_null=True):
        answer = getattr(question, "answer", None)
        return AnswerSerializer(answer).data if answer else None

    def get_company(self, question: Question) -> CompanySerializer(allow_null=True):
        return CompanySerializer(question.company).data if self._show_asker() else None

    def get_asked_by(self, question: Question) -> str | None:
        return question.asked_by.display_name if self._show_asker() else None


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
