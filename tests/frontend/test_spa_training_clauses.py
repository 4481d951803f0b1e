"""The library's training module and model clauses in the browser: a secretary passes a lesson's
quiz and the progress bar moves; an editor inserts a clause into a draft, the other editor sees
the text arrive live, and the provenance (then "modifiée depuis") is shown beside the text."""

import pytest
from playwright.sync_api import expect

from tests.frontend.test_spa_spaces import INITIAL, drafting, editor, open_draft  # noqa: F401
from tests.library.clause_helpers import make_clause, republish
from tests.library.training_helpers import make_module

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

CLAUSE_V1 = "### Article 3.2 — Variantes\n\nLes variantes sont autorisées."
CLAUSE_V2 = "### Article 3.2 — Variantes\n\nLes variantes sont interdites."


def test_a_secretary_passes_a_quiz_and_the_progress_bar_moves(
    asgi_page, make_collectivite, make_user, make_membership
):
    mairie = make_collectivite("Plouguenast")
    sylvie = make_user("sylvie", first_name="Sylvie", last_name="Le Roux")
    make_membership(sylvie, mairie)
    module, _lessons = make_module(title="Les bases du droit des marchés publics")

    page = asgi_page("sylvie", path=f"/base-documentaire/formation/{module.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les bases du droit des marchés publics"
    )
    bar = page.get_by_role("progressbar", name="Progression dans le module")
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_test_id("progression")).to_have_text("0 leçon terminée sur 3 (0 %)")

    # The first lesson has no quiz: it is marked read.
    page.get_by_role("button", name="J'ai lu cette leçon").click()
    expect(bar).to_have_attribute("aria-valuenow", "33")

    # The second has a quiz: a wrong attempt does not complete it, a right one does.
    page.get_by_role("button", name="Seuils").click()
    quiz = page.get_by_role("form", name="Quiz")
    quiz.get_by_role("group", name="1. Seuil européen fournitures ?").get_by_label(
        "40 000 €"
    ).check()
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_role("status").filter(has_text="0 bonne réponse sur 3")).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", "33")

    page.reload()
    page.get_by_role("button", name="Seuils").click()
    quiz = page.get_by_role("form", name="Quiz")
    quiz.get_by_label("216 000 €").check()
    quiz.get_by_label("5 404 000 €").check()
    quiz.get_by_label("Procédure adaptée").check()
    quiz.get_by_role("button", name="Valider mes réponses").click()
    expect(page.get_by_role("status").filter(has_text="3 bonnes réponses sur 3")).to_be_visible()
    expect(bar).to_have_attribute("aria-valuenow", "67")
    expect(page.get_by_test_id("progression")).to_have_text("2 leçons terminées sur 3 (67 %)")


def test_an_editor_inserts_a_clause_and_the_other_sees_it_live_with_its_provenance(
    drafting,  # noqa: F811
    asgi_page,
):
    clause = make_clause(reference="RC-VARIANTES", title="Variantes", text=CLAUSE_V1)
    draft = drafting["draft"]
    alice = open_draft(asgi_page, "alice", draft)
    bruno = open_draft(asgi_page, "bruno", draft)

    # Alice puts her cursor at the end of the text and picks the clause.
    editor(alice).click()
    alice.keyboard.press("Control+End")
    alice.get_by_role("tab", name="Clauses types").click()
    alice.get_by_label("Rechercher une clause").fill("varia")
    alice.get_by_role("button", name="Aperçu").click()
    expect(alice.locator(".clause-preview")).to_contain_text("Les variantes sont autorisées.")
    alice.get_by_role("button", name="Insérer « Variantes » au curseur").click()

    # Bruno sees the text arrive in his editor, live, and the provenance beside it.
    expect(editor(bruno)).to_contain_text("Les variantes sont autorisées.")
    expect(editor(alice)).to_contain_text("Objet du marché")
    provenance = alice.get_by_test_id("provenance")
    expect(provenance).to_contain_text("Variantes")
    expect(provenance).to_contain_text("Alice Martin")
    bruno.get_by_role("tab", name="Clauses types").click()
    expect(bruno.get_by_test_id("provenance")).to_contain_text("RC-VARIANTES")
    expect(bruno.get_by_text("modifiée depuis")).to_have_count(0)

    # An animator publishes a new version: the draft says so, with the diff.
    republish(clause, CLAUSE_V2)
    bruno.get_by_role("button", name="Actualiser").click()
    expect(bruno.get_by_text("modifiée depuis")).to_be_visible()
    bruno.get_by_role("button", name="Voir les différences avec la version actuelle").click()
    diff = bruno.locator(".diff-table")
    expect(diff.locator(".diff-delete")).to_contain_text("Les variantes sont autorisées.")
    expect(diff.locator(".diff-insert")).to_contain_text("Les variantes sont interdites.")
