"""The page kinds of the library, apart from training (``training.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .base import LibraryPage


class GuidePage(LibraryPage):
    """A long read on one procedure (a MAPA from need to notification)."""

    is_creatable = True

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")


class FactSheetPage(LibraryPage):
    """A fiche pratique: one task, one or two screens."""

    is_creatable = True

    class Meta:
        verbose_name = _("fiche pratique")
        verbose_name_plural = _("fiches pratiques")


class FaqEntryPage(LibraryPage):
    """One question (the title) and its answer (the body)."""

    is_creatable = True
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")


class ModelClausePage(LibraryPage):
    """Reusable text for a CCTP, a CCAP or a règlement de consultation.

    The clause text is markdown, the format drafts are written in, so it is inserted into a draft
    as is. Its version is Wagtail's page revision: a draft records the revision it took the text
    from, and can tell when the clause has changed since.
    """

    reference = models.CharField(
        _("référence"),
        max_length=40,
        unique=True,
        help_text=_("Code court et stable, par ex. RC-ARTICLE-VARIANTES."),
    )
    clause_text = models.TextField(
        _("texte de la clause"),
        help_text=_("En Markdown, tel qu'il sera inséré dans le brouillon."),
    )

    is_creatable = True
    subpage_types: list[str] = []

    def body_text(self) -> str:
        """Search finds a clause by its reference and its text too, not just its commentary."""
        return "\n".join([self.reference, self.clause_text, super().body_text()])

    content_panels = [
        *LibraryPage.content_panels[:1],
        FieldPanel("reference"),
        FieldPanel("summary"),
        FieldPanel("clause_text"),
        FieldPanel("body", heading=_("Commentaire")),
    ]

    class Meta:
        verbose_name = _("clause type")
        verbose_name_plural = _("clauses types")
