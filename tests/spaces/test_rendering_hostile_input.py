"""Markdown a draft may hold must render (or be refused) quickly, never crash every read."""

import pytest
from pycrdt import Text

from spaces.coedit import store

pytestmark = pytest.mark.django_db

NESTED_LIST = "- " * 1000 + "a"  # 2 001 characters, far under the 1 000 000 limit
NESTED_EMPHASIS = "*" * 3000 + "a" + "*" * 3000


def _append(draft_id: int, user_id: int, suffix: str) -> None:
    """What an editor's Yjs client does over the socket: add text to the document."""
    doc, _seq = store.load_document(draft_id)
    before = doc.get_state()
    doc.get("content", type=Text).__iadd__(suffix)
    store.append_update(draft_id=draft_id, user_id=user_id, data=doc.get_update(before))


@pytest.mark.parametrize("markdown", [NESTED_LIST, NESTED_EMPHASIS], ids=["list", "emphasis"])
def test_creating_a_draft_with_deeply_nested_markdown_is_not_a_500(
    client_for, agent, space, markdown
):
    client = client_for(agent)
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/drafts/", {"space": space.pk, "title": "t", "markdown": markdown}, format="json"
    )
    assert response.status_code in (201, 400), response.status_code


def test_one_nested_list_typed_in_the_editor_does_not_break_every_read_of_the_draft(
    client_for, agent, reader_agent, draft
):
    _append(draft.pk, agent.pk, "\n\n" + NESTED_LIST)
    client = client_for(reader_agent)
    client.raise_request_exception = False
    assert client.get(f"/api/v1/drafts/{draft.pk}/").status_code == 200
    assert client.get(f"/api/v1/drafts/{draft.pk}/export/html/").status_code == 200


def test_an_overlong_run_of_brackets_is_shown_as_typed_without_parsing_links():
    """10 000 "[" took 11 s to render (the inline parser rescans the paragraph for each one):
    past ``INLINE_SCAN_BUDGET`` a paragraph's "[" are escaped before rendering."""
    from spaces.rendering import INLINE_SCAN_BUDGET, render_markdown

    brackets = "[" * 10_000
    assert brackets.count("[") * len(brackets) > INLINE_SCAN_BUDGET
    html = render_markdown(f"Intro [lien](https://exemple.fr)\n\n{brackets}")
    assert brackets in html  # shown as typed
    assert '<a href="https://exemple.fr"' in html  # other paragraphs keep their links
    # Under the budget, links are links.
    normal = "Voir [le RC](https://exemple.fr/rc). " * 50
    assert render_markdown(normal).count("<a ") == 50


def test_markdown_that_the_renderer_cannot_handle_is_shown_as_text(space):
    from spaces.rendering import render_markdown

    html = render_markdown(NESTED_EMPHASIS + " <script>alert(1)</script>")
    assert html.startswith("<pre>") and "<script>" not in html
