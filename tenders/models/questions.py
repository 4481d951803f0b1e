"""Questions of companies and the buyer's public answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tender import Tender


class Question(models.Model):
    """Who asked is known only to the buyer's agents; the public sees the text and answer."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    company = models.ForeignKey(
        "collectivites.Company", on_delete=models.PROTECT, related_name="tender_questions"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tender_questions"
    )
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "asked_at", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Answer(models.Model):
    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(_("réponse"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self) -> str:
        return self.text[:80]
