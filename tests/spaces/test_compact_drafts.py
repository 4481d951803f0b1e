"""``compact_drafts`` folds every pending update log into its draft's snapshot."""

from io import StringIO

import pytest
from django.core.management import call_command

from spaces.models import Draft, DraftUpdate
from spaces.services import draft_create

from .test_drafts_api import append

pytestmark = pytest.mark.django_db


def test_compact_drafts_catches_the_stored_markdown_up(draft, space, agent):
    quiet = draft_create(actor=agent, space=space, title="Sans modification", markdown="x")
    append(draft.pk, agent.pk, "\nAjout.")
    out = StringIO()
    call_command("compact_drafts", stdout=out)
    assert out.getvalue().strip() == "1 brouillon(s) compacté(s)."
    draft.refresh_from_db()
    assert draft.markdown.endswith("\nAjout.") and "Ajout." in draft.html
    assert not DraftUpdate.objects.exists()
    assert Draft.objects.get(pk=quiet.pk).markdown == "x"
    call_command("compact_drafts", stdout=out)
    assert out.getvalue().strip().endswith("0 brouillon(s) compacté(s).")
