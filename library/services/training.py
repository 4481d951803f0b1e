"""A member's progress through a training module: marking a lesson read, answering its quiz.

The quiz is checked here, on the server: the client is sent the questions and choices without
which are right (``library.rendering.render_quiz``) and learns the answers only in the result of
an attempt. A question counts as right when exactly its right choices were chosen. The pass mark
is a share of the questions (``library.selectors.training.pass_percent``), compared without
rounding: ``score / total >= pass_percent / 100``.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from collectivites.errors import ApplicationError, ConflictError, PermissionDeniedError
from collectivites.models import User
from collectivites.permissions import user_can

from ..models import LessonProgress, TrainingLessonPage
from ..selectors.training import lesson_get, pass_percent

MAX_QUESTIONS_ANSWERED = 100


def _followable(actor: User, lesson_id: int) -> TrainingLessonPage:
    lesson = lesson_get(actor=actor, lesson_id=lesson_id)  # 404 when not readable
    if not user_can(actor, "follow", lesson):
        raise PermissionDeniedError("Connectez-vous pour suivre la formation.")
    return lesson


def _row(actor: User, lesson: TrainingLessonPage) -> LessonProgress:
    row, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=actor, lesson=lesson, defaults={"module_id": lesson.get_parent().pk}
    )
    return row


def _questions(lesson: TrainingLessonPage) -> list:
    return [block for block in lesson.quiz or [] if block.block_type == "question"]


@transaction.atomic
def lesson_mark_done(*, actor: User, lesson_id: int) -> LessonProgress:
    """Mark a lesson without a quiz as read (a lesson with a quiz is completed by passing it)."""
    lesson = _followable(actor, lesson_id)
    if _questions(lesson):
        raise ConflictError("Cette leçon se valide en réussissant son quiz.")
    row = _row(actor, lesson)
    if row.completed_at is None:
        row.completed_at = timezone.now()
        row.save(update_fields=["completed_at", "updated_at"])
    return row


@dataclass(frozen=True)
class QuestionCorrection:
    question_id: str
    correct: bool
    chosen: list[str]
    right_choices: list[str]
    explanation: str


@dataclass(frozen=True)
class QuizResult:
    score: int
    total: int
    passed: bool
    pass_percent: int
    corrections: list[QuestionCorrection]
    progress: LessonProgress


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, extra={"fields": {"answers": [message]}})


@transaction.atomic
def lesson_quiz_submit(*, actor: User, lesson_id: int, answers: dict[str, list[str]]) -> QuizResult:
    """Check an attempt at a lesson's quiz; passing it completes the lesson (for good: a later
    failed attempt does not undo it). An unanswered question counts as wrong."""
    lesson = _followable(actor, lesson_id)
    questions = _questions(lesson)
    if not questions:
        raise ConflictError("Cette leçon n'a pas de quiz.")
    by_id = {block.id: block for block in questions}
    if len(answers) > MAX_QUESTIONS_ANSWERED or set(answers) - set(by_id):
        raise _invalid("Réponse à une question qui n'est pas dans ce quiz.")
    corrections = []
    for block in questions:
        choices = block.value["choices"].bound_blocks
        known = {choice.id for choice in choices}
        chosen = list(dict.fromkeys(answers.get(block.id, [])))
        if set(chosen) - known:
            raise _invalid("Choix inconnu pour une question de ce quiz.")
        right = [choice.id for choice in choices if choice.value["correct"]]
        corrections.append(
            QuestionCorrection(
                question_id=block.id,
                correct=set(chosen) == set(right),
                chosen=chosen,
                right_choices=right,
                explanation=block.value.get("explanation") or "",
            )
        )
    score, total, mark = sum(c.correct for c in corrections), len(corrections), pass_percent()
    passed = score * 100 >= mark * total
    row = _row(actor, lesson)
    row.quiz_score, row.quiz_total, row.attempts = score, total, row.attempts + 1
    if passed and row.completed_at is None:
        row.completed_at = timezone.now()
    row.save()
    return QuizResult(score, total, passed, mark, corrections, row)
