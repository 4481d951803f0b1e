"""Every page kind can be created, holds the shared fields, and publishes a revision."""

import pytest

from library.models import (
    FactSheetPage,
    FaqEntryPage,
    GuidePage,
    LibraryPage,
    ModelClausePage,
    TrainingLessonPage,
    TrainingModulePage,
)
from library.themes import Theme

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "rich_text", "value": "<p>Un paragraphe.</p>"},
    {"type": "markdown", "value": "## Titre\n\nTexte *important*."},
    {"type": "callout", "value": {"kind": "warning", "title": "Attention", "text": "<p>Délai</p>"}},
    {
        "type": "legal_reference",
        "value": {
            "code": "CCP",
            "article": "R.2123-1",
            "url": "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037730616",
            "summary": "Procédure adaptée.",
        },
    },
    {
        "type": "table",
        "value": {"data": [["Seuil", "Montant"], ["Fournitures", "216 000 € HT"]]},
    },
]


def test_every_kind_is_a_library_page(index):
    for model in (GuidePage, FactSheetPage, FaqEntryPage):
        page = index.add_child(
            instance=model(title=model.__name__, theme=Theme.COMMANDE_PUBLIQUE, body=BODY)
        )
        page.tags.add("mapa")
        page.save_revision().publish()
    clause = index.add_child(
        instance=ModelClausePage(
            title="Variantes",
            theme=Theme.COMMANDE_PUBLIQUE,
            reference="RC-VARIANTES",
            clause_text="Les variantes ne sont pas autorisées.",
        )
    )
    revision = clause.save_revision()
    revision.publish()
    module = index.add_child(
        instance=TrainingModulePage(title="Les bases", theme=Theme.COMMANDE_PUBLIQUE)
    )
    lesson = module.add_child(
        instance=TrainingLessonPage(
            title="Leçon 1",
            theme=Theme.COMMANDE_PUBLIQUE,
            body=BODY,
            quiz=[
                {
                    "type": "question",
                    "value": {
                        "question": "Jusqu’où un achat peut-il se passer de publicité ?",
                        "choices": [
                            {"text": "40 000 € HT", "correct": False},
                            {"text": "60 000 € HT", "correct": True},
                        ],
                        "explanation": "Depuis le 1er avril 2026 pour les fournitures et services.",
                    },
                }
            ],
        )
    )
    assert LibraryPage.objects.count() == 6
    assert lesson.quiz[0].value["choices"][1]["correct"] is True
    assert clause.latest_revision_id == revision.id
    assert set(LibraryPage.objects.filter(tags__name="mapa").values_list("title", flat=True)) == {
        "GuidePage",
        "FactSheetPage",
        "FaqEntryPage",
    }
