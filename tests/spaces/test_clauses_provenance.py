"""Clauses inserted into a draft: the provenance record, "modifiée depuis" and the diff.

The text itself goes into the draft as a Yjs edit of the editor's client (co-edited like any
typing, see tests/frontend/test_spa_clauses.py); the record goes through REST and says which
clause and which published revision the text came from.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from collectivites.errors import NotFoundError, PermissionDeniedError
from collectivites.models import AuditEvent
from spaces import services
from spaces.clause_selectors import draft_clause_list
from spaces.models import DraftClause
from tests.library.clause_helpers import make_clause, republish, save_draft_revision

pytestmark = pytest.mark.django_db

V1 = "Les variantes sont autorisées.\n\nElles sont présentées séparément."
V2 = "Les variantes sont interdites.\n\nElles sont présentées séparément."


@pytest.fixture
def clause(platform):
    return make_clause(text=V1)


def url(draft):
    return f"/api/v1/drafts/{draft.pk}/clauses/"


def test_an_editor_records_a_clause_with_its_current_revision(client_for, draft, agent, clause):
    response = client_for(agent).post(url(draft), {"clause": clause.pk}, format="json")
    assert response.status_code == 201, response.content
    [entry] = response.json()
    assert entry["clause_id"] == clause.pk
    assert entry["revision_id"] == clause.live_revision_id
    assert entry["reference"] == "RC-VARIANTES"
    assert entry["inserted_text"] == V1
    assert entry["inserted_by"]["id"] == agent.pk
    assert entry["changed_since"] is False and entry["diff"] == ""
    assert AuditEvent.objects.filter(action="draft.clause_inserted").count() == 1


def test_changed_since_after_a_new_revision_is_published_with_the_diff(
    client_for, draft, agent, reader_agent, clause
):
    services.draft_clause_record(actor=agent, draft=draft, clause_id=clause.pk)
    first_revision = clause.live_revision_id
    clause = republish(clause, V2)
    assert clause.live_revision_id != first_revision
    [entry] = client_for(reader_agent).get(url(draft)).json()  # readers see provenance too
    assert entry["revision_id"] == first_revision
    assert entry["current_revision_id"] == clause.live_revision_id
    assert entry["changed_since"] is True
    assert entry["inserted_text"] == V1 and entry["current_text"] == V2
    assert "-Les variantes sont autorisées." in entry["diff"]
    assert "+Les variantes sont interdites." in entry["diff"]
    assert entry["diff_lines"][:2] == [
        {"op": "delete", "text": "Les variantes sont autorisées."},
        {"op": "insert", "text": "Les variantes sont interdites."},
    ]


def test_an_unpublished_revision_is_not_a_change_nor_insertable(draft, agent, clause):
    services.draft_clause_record(actor=agent, draft=draft, clause_id=clause.pk)
    draft_revision = save_draft_revision(clause, V2)
    [entry] = draft_clause_list(actor=agent, draft=draft)
    assert entry.changed_since is False and entry.current_text == V1
    with pytest.raises(NotFoundError):
        services.draft_clause_record(
            actor=agent, draft=draft, clause_id=clause.pk, revision_id=draft_revision
        )


def test_an_older_published_revision_may_be_recorded_with_its_own_text(draft, agent, clause):
    old = clause.live_revision_id
    republish(clause, V2)
    record = services.draft_clause_record(
        actor=agent, draft=draft, clause_id=clause.pk, revision_id=old
    )
    assert record.inserted_text == V1
    [entry] = draft_clause_list(actor=agent, draft=draft)
    assert entry.changed_since is True


def test_a_read_only_member_is_refused_and_nothing_is_written(
    client_for, draft, reader_agent, clause
):
    response = client_for(reader_agent).post(url(draft), {"clause": clause.pk}, format="json")
    assert response.status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.draft_clause_record(actor=reader_agent, draft=draft, clause_id=clause.pk)
    assert not DraftClause.objects.exists()


def test_an_outsider_sees_no_provenance(client_for, draft, outsider, agent, clause):
    services.draft_clause_record(actor=agent, draft=draft, clause_id=clause.pk)
    assert client_for(outsider).get(url(draft)).status_code == 404


def test_a_clause_the_editor_may_not_read_is_not_found(client_for, draft, agent, brest, clause):
    restriction = PageViewRestriction.objects.create(
        page=clause, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([brest.group])
    response = client_for(agent).post(url(draft), {"clause": clause.pk}, format="json")
    assert response.status_code == 404
    assert not DraftClause.objects.exists()


def test_a_clause_restricted_since_shows_only_what_was_inserted(
    draft, agent, quimper_agent, quimper, clause
):
    services.draft_clause_record(actor=agent, draft=draft, clause_id=clause.pk)
    republish(clause, V2)
    restriction = PageViewRestriction.objects.create(
        page=clause, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([quimper.group])
    [for_rennes] = draft_clause_list(actor=agent, draft=draft)
    assert for_rennes.current_text is None and for_rennes.changed_since is False
    [for_quimper] = draft_clause_list(actor=quimper_agent, draft=draft)
    assert for_quimper.changed_since is True


def test_bad_input_names_the_field(client_for, draft, agent, clause):
    client = client_for(agent)
    response = client.post(url(draft), {"clause": "x"}, format="json")
    assert response.status_code == 400 and "clause" in str(response.json())
    assert client.post(url(draft), {"clause": 999999}, format="json").status_code == 404
    assert not DraftClause.objects.exists()


def test_provenance_list_queries_are_constant(
    client_for, draft, agent, clause, django_assert_num_queries
):
    client = client_for(agent)
    services.draft_clause_record(actor=agent, draft=draft, clause_id=clause.pk)
    client.get(url(draft))  # warm the user's caches
    with CaptureQueriesContext(connection) as few:
        client.get(url(draft))
    count = len(few.captured_queries)
    others = [make_clause(reference=f"R-{i}", title=f"Clause {i}") for i in range(3)]
    for other in others:
        services.draft_clause_record(actor=agent, draft=draft, clause_id=other.pk)
    republish(others[0], "Nouveau texte.")
    with django_assert_num_queries(count):
        response = client.get(url(draft))
    assert len(response.json()) == 4
