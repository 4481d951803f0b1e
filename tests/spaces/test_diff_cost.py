"""The diff endpoint, open to every reader of a draft, must stay cheap whatever the text."""

import pytest

from spaces.coedit import store
from spaces.selectors import MAX_DIFF_LINE_PAIRS
from spaces.services import draft_create, draft_version_save

pytestmark = pytest.mark.django_db


def test_many_identical_lines_are_compared_with_difflibs_autojunk(
    client_for, agent, reader_agent, space
):
    """Without autojunk, these 2.4 kB took 13 s of CPU for any reader."""
    draft = draft_create(actor=agent, space=space, title="t", markdown="x\n" * 1200)
    draft_version_save(actor=agent, draft=draft, label="v1")
    store.replace_text(draft_id=draft.pk, user_id=agent.pk, markdown="x\ny\n" * 600)
    response = client_for(reader_agent).get(f"/api/v1/drafts/{draft.pk}/diff/", {"from": "1"})
    assert response.status_code == 200
    lines = response.json()["lines"]
    kept = [line["text"] for line in lines if line["op"] in ("equal", "insert")]
    assert kept == ["x", "y"] * 600  # the diff still rebuilds the new text


def test_texts_too_long_to_compare_online_are_refused_with_a_message(
    client_for, agent, reader_agent, space
):
    lines = int(MAX_DIFF_LINE_PAIRS**0.5) + 1
    draft = draft_create(actor=agent, space=space, title="t", markdown="a\n" * lines)
    draft_version_save(actor=agent, draft=draft, label="v1")
    response = client_for(reader_agent).get(f"/api/v1/drafts/{draft.pk}/diff/", {"from": "1"})
    assert response.status_code == 400
    assert "trop longs" in response.json()["message"]
