"""Model clauses for tests: create one published, publish a new revision of it."""

from library.models import ModelClausePage
from library.setup import library_setup
from library.themes import Theme


def make_clause(
    *,
    reference="RC-VARIANTES",
    title="Variantes",
    text="Les variantes sont autorisées.",
    parent=None,
) -> ModelClausePage:
    parent = parent or library_setup()
    clause = parent.add_child(
        instance=ModelClausePage(
            title=title,
            reference=reference,
            clause_text=text,
            theme=Theme.COMMANDE_PUBLIQUE,
            live=True,
        )
    )
    clause.save_revision().publish()
    return ModelClausePage.objects.get(pk=clause.pk)


def republish(clause: ModelClausePage, text: str) -> ModelClausePage:
    clause = ModelClausePage.objects.get(pk=clause.pk)
    clause.clause_text = text
    clause.save_revision().publish()
    return ModelClausePage.objects.get(pk=clause.pk)


def save_draft_revision(clause: ModelClausePage, text: str) -> int:
    """A revision an animator saved without publishing: nobody's text yet."""
    clause = ModelClausePage.objects.get(pk=clause.pk)
    clause.clause_text = text
    return clause.save_revision().pk
