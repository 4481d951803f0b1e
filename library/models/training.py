"""Training modules and their ordered lessons (the lesson order is the page tree's order)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from ..blocks import QuizBlock
from .base import LibraryPage


class TrainingModulePage(LibraryPage):
    """A module de formation: an introduction (the body) and lessons as ordered children."""

    is_creatable = True
    subpage_types = ["library.TrainingLessonPage"]

    class Meta:
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")


class TrainingLessonPage(LibraryPage):
    """One lesson: a body to read and a short quiz (questions with choices, some correct)."""

    quiz = StreamField(QuizBlock(), blank=True, verbose_name=_("quiz"))

    is_creatable = True
    parent_page_types = ["library.TrainingModulePage"]
    subpage_types: list[str] = []
    content_panels = [*LibraryPage.content_panels, FieldPanel("quiz")]

    class Meta:
        verbose_name = _("leçon")
        verbose_name_plural = _("leçons")
