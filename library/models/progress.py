"""A member's progress through a training module: one row per lesson they completed.

A lesson without a quiz is completed when its reader marks it done; a lesson with a quiz, when
they pass the quiz (answers are checked on the server). The module is denormalised on the row
so that "how far is each collectivité" is one ``GROUP BY`` over this table.
Who may see whose progress is ``library.rules_training`` (docs/decisions/0018).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .training import TrainingLessonPage, TrainingModulePage


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(TrainingLessonPage, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(TrainingModulePage, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # The last quiz attempt (None: no quiz, or never answered) and how many attempts so far.
    quiz_score = models.PositiveSmallIntegerField(null=True, blank=True)
    quiz_total = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("progression dans une leçon")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="unique_lesson_progress")
        ]
        indexes = [models.Index(fields=["module", "user"], name="lesson_progress_module_user")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.lesson_id}"
