"""Recording which library clause (and which of its revisions) a draft's editor inserted.

The insertion itself is a Yjs edit made by the editor's client, so the other editors see it live
through co-editing like any typing; this record is its provenance, written through REST. The
text recorded is the clause revision's own text, read here from the library, never what the
client says it inserted: the provenance cannot claim a text the clause never had.
"""

from django.db import transaction

from collectivites.audit import audit_record
from collectivites.models import User
from collectivites.permissions import require
from library.selectors.clauses import clause_get, clause_revision_get

from ..models import Draft, DraftClause


@transaction.atomic
def draft_clause_record(
    *, actor: User, draft: Draft, clause_id: int, revision_id: int | None = None
) -> DraftClause:
    """Record that ``actor`` inserted a clause into ``draft`` (editors of the space only).

    ``revision_id`` defaults to the clause's current published revision; any earlier published
    revision the actor may read is accepted too (an editor whose picker was open while an
    animator republished inserted the older text).
    """
    require(actor, "edit", draft)
    clause = clause_get(actor=actor, clause_id=clause_id)
    revision = clause_revision_get(
        actor=actor,
        clause_id=clause.pk,
        revision_id=revision_id if revision_id is not None else clause.live_revision_id,
    )
    record = DraftClause.objects.create(
        draft=draft,
        clause=clause,
        revision_id=revision.id,
        reference=clause.reference,
        title=revision.title or clause.title,
        inserted_text=revision.text,
        inserted_by=actor,
    )
    audit_record(
        actor=actor,
        action="draft.clause_inserted",
        obj=draft,
        details={"clause": clause.pk, "revision": revision.id, "reference": clause.reference},
    )
    return record
