"""Drafting spaces in the browser: co-editing over WebSocket, readers, versions, comments,
approvals. These pages need the WebSocket, so they run on ``asgi_live_server`` (conftest)."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

SCREENSHOTS = settings.BASE_DIR / "test-results" / "frontend"
AXE_SCRIPT = settings.BASE_DIR / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

INITIAL = "# CCTP — Entretien des espaces verts\n\nObjet du marché : tonte et taille.\n"


@pytest.fixture
def drafting(make_collectivite, make_user, make_membership) -> dict:
    """Rennes and Brest write a CCTP together; Quimper reads it."""
    from spaces import services

    rennes, brest, quimper = (make_collectivite(name) for name in ("Rennes", "Brest", "Quimper"))
    alice = make_user("alice", first_name="Alice", last_name="Martin")
    bruno = make_user("bruno", first_name="Bruno", last_name="Kerjean")
    quentin = make_user("quentin", first_name="Quentin", last_name="Le Bihan")
    make_membership(alice, rennes, role="referent")
    make_membership(bruno, brest)
    make_membership(quentin, quimper)
    space = services.space_create(
        actor=alice,
        title="Marché d'entretien des espaces verts",
        description="Groupement de commandes Rennes–Brest.",
        members=[(rennes, "editor"), (brest, "editor"), (quimper, "reader")],
    )
    draft = services.draft_create(actor=alice, space=space, title="CCTP", markdown=INITIAL)
    return {"space": space, "draft": draft, "alice": alice, "rennes": rennes, "brest": brest}


def open_draft(open_page, username: str, draft):
    page = open_page(username, path=f"/brouillons/{draft.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("CCTP")
    expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    expect(editor(page)).to_contain_text("Objet du marché")
    return page


def editor(page):
    return page.locator(".cm-content")


def editor_text(page) -> str:
    """The editor's text: its lines, without the other editors' cursors and name labels."""
    return page.locator(".cm-content").evaluate(
        """content => [...content.querySelectorAll('.cm-line')].map(line => {
            const copy = line.cloneNode(true);
            copy.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer').forEach(e => e.remove());
            return copy.textContent.replace(/\u2060/g, '');
        }).join('\\n')"""
    )


def type_at_end(page, text: str) -> None:
    editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def type_at_start(page, text: str) -> None:
    editor(page).click()
    page.keyboard.press("Control+Home")
    page.keyboard.type(text)


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def stored_markdown(user, draft_id: int) -> str:
    """What GET /api/v1/drafts/{id}/ answers (the REST view, through Django's test client)."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/drafts/{draft_id}/")
    assert response.status_code == 200, response.content
    return response.json()["markdown"]


def test_spaces_list_and_space_page(drafting, asgi_page):
    page = asgi_page("bruno", path="/espaces")
    expect(page.get_by_role("heading", level=1)).to_have_text("Espaces de rédaction")
    item = page.locator(".directory-item").filter(has_text="Marché d'entretien")
    expect(item).to_contain_text("Rédaction")
    expect(item).to_contain_text("1 brouillon")
    # Bruno is an agent, not a referent: no creation form.
    expect(page.get_by_role("button", name="Créer un espace")).to_have_count(0)
    item.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Marché d'entretien des espaces verts"
    )
    members = page.get_by_role("table", name="Collectivités membres de l'espace et leur rôle")
    expect(members).to_contain_text("Quimper")
    expect(members.get_by_role("row").filter(has_text="Quimper")).to_contain_text("Lecture")
    expect(page.get_by_role("link", name="CCTP")).to_be_visible()
    shoot(page, "space")

    page.get_by_label("Titre du brouillon").fill("Règlement de consultation")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Règlement de consultation")
    expect(page).to_have_url(re.compile(r"/brouillons/\d+$"))


def test_referent_creates_a_space(drafting, asgi_page):
    page = asgi_page("alice", path="/espaces")
    page.get_by_role("button", name="Créer un espace").click()
    page.get_by_label("Titre", exact=True).fill("Restauration scolaire")
    # Her own collectivité starts as an editor; she adds Quimper as a reader.
    expect(page.get_by_label("Rôle de Rennes")).to_have_value("editor")
    page.get_by_label("Ajouter une collectivité").fill("quim")
    page.get_by_role("button", name="Ajouter Quimper").click()
    page.get_by_label("Rôle de Quimper").select_option("reader")
    page.get_by_role("button", name="Créer l'espace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Restauration scolaire")
    expect(page.get_by_role("row").filter(has_text="Quimper")).to_contain_text("Lecture")


def test_two_editors_type_and_see_the_same_text(drafting, asgi_page):
    draft = drafting["draft"]
    alice = open_draft(asgi_page, "alice", draft)
    bruno = open_draft(asgi_page, "bruno", draft)

    # Both type at once, at the two ends of the text: where concurrent insertions at one
    # place interleave depends on timing (a CRDT keeps both, in some order), ends do not.
    type_at_end(alice, "Rennes écrit. ")
    type_at_start(bruno, "Brest complète. ")
    # Where "Fin." lands depends on what Alice has received: let Bruno's text arrive first.
    expect(editor(alice)).to_contain_text("Brest complète.")
    type_at_end(alice, "Fin.")
    for page in (alice, bruno):
        for text in ("Rennes écrit.", "Brest complète.", "Fin."):
            expect(editor(page)).to_contain_text(text)
    assert wait_for(lambda: editor_text(alice) == editor_text(bruno), timeout=5), (
        editor_text(alice),
        editor_text(bruno),
    )
    # The other editor's cursor carries their name.
    expect(alice.locator(".cm-ySelectionInfo").filter(has_text="Bruno Kerjean")).to_have_count(1)
    # The live preview follows the text.
    expect(bruno.get_by_test_id("apercu")).to_contain_text("Brest complète.")
    shoot(alice, "draft-coediting")
    final = editor_text(alice)

    # Once the editors leave, the server has stored the text: REST answers it.
    alice.context.close()
    bruno.context.close()

    def stored_is_final() -> bool:
        return stored_markdown(drafting["alice"], draft.pk).strip() == final.strip()

    assert wait_for(stored_is_final), (stored_markdown(drafting["alice"], draft.pk), final)


def test_a_reader_cannot_change_the_text(drafting, asgi_page):
    draft = drafting["draft"]
    quentin = open_draft(asgi_page, "quentin", draft)
    expect(quentin.get_by_role("note")).to_contain_text("Lecture seule")
    expect(editor(quentin)).to_have_attribute("contenteditable", "false")
    before = editor_text(quentin)
    type_at_end(quentin, "Quimper essaie d'écrire")
    quentin.keyboard.press("Enter")
    quentin.keyboard.press("Backspace")
    time.sleep(0.5)
    assert editor_text(quentin) == before
    shoot(quentin, "draft-reader")

    # What an editor types still reaches the reader, live.
    alice = open_draft(asgi_page, "alice", draft)
    type_at_end(alice, " Ajout de Rennes.")
    expect(editor(quentin)).to_contain_text("Ajout de Rennes.")
    expect(editor(alice)).not_to_contain_text("Quimper essaie")


def test_an_editor_whose_rights_are_taken_back_stops_editing_at_once(drafting, asgi_page, settings):
    """Brest becomes a reader while Bruno is typing: the server refuses his edits from then
    on, and the page says so and makes the editor read-only, without a reload."""
    from spaces.services import space_member_set

    # The services tell open sockets at once; the regular check is the safety net.
    settings.COEDIT_ACCESS_RECHECK_SECONDS = 0.5
    draft = drafting["draft"]
    bruno = open_draft(asgi_page, "bruno", draft)
    type_at_end(bruno, " Brest écrit.")
    assert wait_for(lambda: "Brest écrit." in stored_markdown(drafting["alice"], draft.pk))
    expect(bruno.get_by_role("alert")).to_have_count(0)

    space_member_set(
        actor=drafting["alice"],
        space=drafting["space"],
        collectivite=drafting["brest"],
        role="reader",
    )
    expect(bruno.get_by_role("alert")).to_contain_text("vos droits sur cet espace ont changé")
    expect(editor(bruno)).to_have_attribute("contenteditable", "false")
    before = editor_text(bruno)
    type_at_end(bruno, "Refusé")
    time.sleep(0.5)
    assert editor_text(bruno) == before
    shoot(bruno, "draft-rights-taken-back")


def test_versions_diff_and_restore(drafting, asgi_page):
    draft = drafting["draft"]
    alice = open_draft(asgi_page, "alice", draft)
    alice.get_by_role("tab", name="Versions").click()
    alice.get_by_label("Libellé de la version").fill("Première relecture")
    alice.get_by_role("button", name="Enregistrer une version").click()
    expect(alice.get_by_role("status").filter(has_text="Première relecture")).to_be_visible()
    row = alice.get_by_role("row").filter(has_text="Première relecture")
    expect(row).to_be_visible()

    type_at_end(alice, "\nArticle 2 : ajouté après la version.")
    expect(editor(alice)).to_contain_text("Article 2")
    # The diff compares the version with the current text (as the server holds it).
    diff_insert = alice.locator(".diff-insert").filter(has_text="Article 2")
    for _attempt in range(20):
        row.get_by_role("button", name=re.compile("Comparer au texte actuel")).click()
        expect(alice.get_by_role("heading", name=re.compile("Différences"))).to_be_visible()
        if diff_insert.count():
            break
        time.sleep(0.5)
    expect(diff_insert).to_be_visible()
    shoot(alice, "draft-diff")

    alice.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=re.compile("Restaurer")).click()
    expect(alice.get_by_role("status").filter(has_text="restaurée")).to_be_visible()
    # The restore is an edit like any other: it reaches the open editor live.
    expect(editor(alice)).not_to_contain_text("Article 2")
    expect(editor(alice)).to_contain_text("Objet du marché")


def test_comment_on_a_selection_then_resolve(drafting, asgi_page):
    draft = drafting["draft"]
    bruno = open_draft(asgi_page, "bruno", draft)
    # Select the second paragraph (line 3) with the keyboard.
    editor(bruno).click()
    bruno.keyboard.press("Control+Home")
    bruno.keyboard.press("ArrowDown")
    bruno.keyboard.press("ArrowDown")
    bruno.keyboard.press("Home")
    bruno.keyboard.press("Shift+End")
    quote = bruno.get_by_label("Passage sélectionné, qui sera cité")
    expect(quote).to_have_text("Objet du marché : tonte et taille.")

    bruno.get_by_label("Nouveau commentaire").fill("Préciser la fréquence des tontes.")
    bruno.get_by_role("button", name="Commenter la sélection").click()
    thread = bruno.locator(".comment-thread").filter(has_text="Préciser la fréquence")
    expect(thread.locator(".comment-quote")).to_contain_text("Objet du marché : tonte et taille.")
    expect(thread).to_contain_text("Bruno Kerjean")

    # Alice answers in the thread, then resolves it.
    alice = open_draft(asgi_page, "alice", draft)
    thread = alice.locator(".comment-thread").filter(has_text="Préciser la fréquence")
    thread.get_by_role("button", name="Répondre").click()
    alice.get_by_label("Votre réponse").fill("Une tonte tous les quinze jours.")
    alice.get_by_role("button", name="Envoyer la réponse").click()
    expect(thread.locator(".comment-replies")).to_contain_text("Une tonte tous les quinze jours.")
    shoot(alice, "draft-comments")
    thread.get_by_role("button", name="Marquer comme résolu").click()
    expect(alice.locator(".comment-thread")).to_have_count(0)
    expect(alice.get_by_text("1 résolu")).to_be_visible()
    alice.get_by_role("button", name="Afficher les fils résolus").click()
    resolved = alice.locator(".comment-resolved")
    expect(resolved).to_contain_text("Résolu")
    resolved.get_by_role("button", name="Rouvrir").click()
    expect(alice.locator(".comment-resolved")).to_have_count(0)
    expect(alice.get_by_text("1 fil ouvert")).to_be_visible()


def test_both_editor_collectivites_approve(drafting, asgi_page):
    draft = drafting["draft"]
    alice = open_draft(asgi_page, "alice", draft)
    alice.get_by_role("tab", name="Approbations").click()
    alice.get_by_role("button", name="Approuver au nom de Rennes").click()
    expect(alice.get_by_role("row").filter(has_text="Rennes")).to_contain_text("Approuvé")
    expect(alice.get_by_role("row").filter(has_text="Brest")).to_contain_text("En attente")
    # Alice is not a member of Brest: she cannot approve in its name.
    expect(alice.get_by_role("button", name="Approuver au nom de Brest")).to_have_count(0)

    bruno = open_draft(asgi_page, "bruno", draft)
    bruno.get_by_role("tab", name="Approbations").click()
    bruno.get_by_role("button", name="Approuver au nom de Brest").click()
    expect(bruno.get_by_role("row").filter(has_text="Brest")).to_contain_text("Approuvé")
    expect(bruno.locator(".meta .status-badge")).to_have_text("Approuvé")
    expect(bruno.get_by_text("2 collectivités sur 2 ont approuvé")).to_be_visible()
    shoot(bruno, "draft-approvals")

    alice.reload()
    expect(alice.locator(".meta .status-badge")).to_have_text("Approuvé")


def test_an_approval_of_a_text_not_yet_on_screen_is_refused(drafting, asgi_page):
    """The page sends the hash of the text it shows: an edit stored meanwhile (here without
    its broadcast, as if still on its way) makes the server refuse the approval."""
    from pycrdt import Text

    from spaces.coedit import store

    draft = drafting["draft"]
    alice = open_draft(asgi_page, "alice", draft)
    alice.get_by_role("tab", name="Approbations").click()
    doc, _seq = store.load_document(draft.pk)
    before = doc.get_state()
    doc.get("content", type=Text).__iadd__("Ajout que Rennes n'a pas encore vu.\n")
    store.append_update(draft_id=draft.pk, user_id=None, data=doc.get_update(before))

    alice.get_by_role("button", name="Approuver au nom de Rennes").click()
    expect(alice.get_by_role("alert")).to_contain_text("relisez-le avant d'approuver")
    expect(alice.get_by_role("row").filter(has_text="Rennes")).to_contain_text("En attente")
    assert not draft.approvals.exists()


def test_spaces_pages_are_accessible(drafting, asgi_page):
    if not AXE_SCRIPT.is_file():
        pytest.skip("frontend/node_modules/axe-core is missing: run `npm ci` in frontend/")

    def violations(page) -> list[dict]:
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))  # not inline: the CSP refuses it
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    page = asgi_page("alice", path="/espaces")
    expect(page.locator(".directory-item")).to_have_count(1)
    assert violations(page) == []
    page.goto(f"/espaces/{drafting['space'].pk}")
    expect(page.get_by_role("link", name="CCTP")).to_be_visible()
    assert violations(page) == []
    page.goto(f"/brouillons/{drafting['draft'].pk}")
    expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    for tab in ("Commentaires", "Versions", "Approbations"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tabpanel")).to_be_visible()
        assert violations(page) == [], tab
