"""Training progress: one's own (read and mark), counts per collectivité, a referent's view.

The views authenticate and shape; who may see whose progress is decided by the selectors and
the rules of ``library.rules_training`` (docs/decisions/0018).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from library.models import TrainingModulePage
from library.rendering import render_body, render_quiz
from library.selectors import training as selectors
from library.services import training as services

from ..errors import ErrorSerializer
from ..routing import DbIdLookup

CONFLICT = {409: ErrorSerializer}


class LessonStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="lesson.pk")
    title = serializers.CharField(source="lesson.title")
    summary = serializers.CharField(source="lesson.summary")
    has_quiz = serializers.BooleanField()
    done = serializers.BooleanField()
    completed_at = serializers.DateTimeField(allow_null=True)
    quiz_score = serializers.IntegerField(allow_null=True)
    quiz_total = serializers.IntegerField(allow_null=True)
    attempts = serializers.IntegerField()


class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.pk")
    title = serializers.CharField(source="module.title")
    summary = serializers.CharField(source="module.summary")
    lessons = LessonStateSerializer(many=True)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    pass_percent = serializers.IntegerField(help_text="Part de bonnes réponses pour réussir.")


class LessonQuizChoiceSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class LessonQuizQuestionSerializer(serializers.Serializer):
    """A question as the learner sees it: which choices are right is not part of it."""

    id = serializers.CharField()
    question = serializers.CharField()
    choices = LessonQuizChoiceSerializer(many=True)


class LessonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    module_id = serializers.IntegerField()
    html = serializers.CharField(help_text="Le corps de la leçon en HTML nettoyé.")
    quiz = LessonQuizQuestionSerializer(many=True)
    done = serializers.BooleanField()
    pass_percent = serializers.IntegerField()


class QuizAnswerSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=64), max_length=20),
        help_text="Pour chaque question (id), les choix (ids) cochés.",
    )


class CorrectionSerializer(serializers.Serializer):
    question_id = serializers.CharField()
    correct = serializers.BooleanField()
    chosen = serializers.ListField(child=serializers.CharField())
    right_choices = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class QuizResultSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    total = serializers.IntegerField()
    passed = serializers.BooleanField()
    pass_percent = serializers.IntegerField()
    corrections = CorrectionSerializer(many=True)
    done = serializers.SerializerMethodField()

    def get_done(self, result) -> bool:
        return result.progress.completed_at is not None


class CollectiviteCompletionSerializer(serializers.Serializer):
    collectivite_id = serializers.IntegerField()
    collectivite_name = serializers.CharField()
    learners = serializers.IntegerField(help_text="Membres ayant terminé au moins une leçon.")
    completed = serializers.IntegerField(help_text="Membres ayant terminé tout le module.")
    lessons_done = serializers.IntegerField()


class ModuleCompletionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.pk")
    title = serializers.CharField(source="module.title")
    total_lessons = serializers.IntegerField()
    collectivites = CollectiviteCompletionSerializer(many=True)


class MemberProgressSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(source="user.pk")
    name = serializers.CharField(source="user.display_name")
    role = serializers.CharField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    last_completed_at = serializers.DateTimeField(allow_null=True)


class CollectiviteProgressSerializer(serializers.Serializer):
    collectivite_id = serializers.IntegerField(source="collectivite.pk")
    collectivite_name = serializers.CharField(source="collectivite.name")
    module_id = serializers.IntegerField(source="module.pk")
    module_title = serializers.CharField(source="module.title")
    total_lessons = serializers.IntegerField()
    members = MemberProgressSerializer(many=True)


class TrainingModuleViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``library/training/modules/<id>/…``."""

    serializer_class = ModuleProgressSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = TrainingModulePage.objects.none()

    @extend_schema(summary="Ma progression dans un module (leçons terminées / total)")
    @action(detail=True)
    def progress(self, request, pk: int):
        progress = selectors.module_progress(actor=request.user, module_id=pk)
        return Response(ModuleProgressSerializer(progress).data)

    @extend_schema(
        summary="Achèvement du module par collectivité (animateurs ; des totaux, jamais de noms)",
        responses={200: ModuleCompletionSerializer},
    )
    @action(detail=True)
    def completion(self, request, pk: int):
        completion = selectors.module_completion_by_collectivite(actor=request.user, module_id=pk)
        return Response(ModuleCompletionSerializer(completion).data)

    @extend_schema(
        summary="Progression de chaque membre d'une collectivité (son référent seulement)",
        responses={200: CollectiviteProgressSerializer},
    )
    @action(detail=True, url_path="collectivites/<dbid:collectivite_pk>/members")
    def members(self, request, pk: int, collectivite_pk: int):
        progress = selectors.collectivite_member_progress(
            actor=request.user, collectivite_id=collectivite_pk, module_id=pk
        )
        return Response(CollectiviteProgressSerializer(progress).data)


class TrainingLessonViewSet(DbIdLookup, viewsets.GenericViewSet):
    """``library/training/lessons/<id>/``: read a lesson, mark it done, answer its quiz."""

    serializer_class = LessonSerializer
    filter_backends: list = []
    pagination_class = None
    queryset = TrainingModulePage.objects.none()

    def _lesson(self, request, pk: int) -> dict:
        lesson = selectors.lesson_get(actor=request.user, lesson_id=pk)
        progress = selectors.module_progress(actor=request.user, module_id=lesson.get_parent().pk)
        done = any(state.done for state in progress.lessons if state.lesson.pk == lesson.pk)
        return {
            "id": lesson.pk,
            "title": lesson.title,
            "module_id": progress.module.pk,
            "html": render_body(lesson.body).html,
            "quiz": render_quiz(lesson.quiz),
            "done": done,
            "pass_percent": progress.pass_percent,
        }

    @extend_schema(summary="Une leçon : son texte et son quiz (sans les bonnes réponses)")
    def retrieve(self, request, pk: int):
        return Response(LessonSerializer(self._lesson(request, pk)).data)

    @extend_schema(
        summary="Marquer comme lue une leçon sans quiz",
        request=None,
        responses={200: LessonSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def done(self, request, pk: int):
        services.lesson_mark_done(actor=request.user, lesson_id=pk)
        return Response(LessonSerializer(self._lesson(request, pk)).data)

    @extend_schema(
        summary="Répondre au quiz d'une leçon (corrigé en retour ; réussi, la leçon est terminée)",
        request=QuizAnswerSerializer,
        responses={200: QuizResultSerializer, **CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def quiz(self, request, pk: int):
        payload = QuizAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.lesson_quiz_submit(
            actor=request.user, lesson_id=pk, answers=payload.validated_data["answers"]
        )
        return Response(QuizResultSerializer(result).data)
