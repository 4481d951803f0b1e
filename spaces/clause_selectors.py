"""A draft's clause provenance as its readers see it: what was inserted, and what changed since.

Each record is compared with the clause's current published revision: the clause row holds the
published text (Wagtail writes a page's fields only when a revision is published), so "changed
since" needs no revision content. A clause the reader may no longer read (its restriction
changed, it was unpublished or deleted) shows what was inserted and nothing of today's text.
Three queries whatever the number of records: the records with their clause and author, and
which of those clauses the reader may read.
"""

import difflib
from dataclasses import dataclass
from datetime import datetime

from collectivites.permissions import AnyUser, require
from library.selectors.clauses import clause_list

from .models import Draft, DraftClause
from .selectors import MAX_DIFF_LINE_PAIRS, DiffLine


@dataclass(frozen=True)
class ClauseProvenance:
    record: DraftClause
    current_revision_id: int | None  # None: the clause is gone or not readable by this reader
    current_text: str | None
    changed_since: bool
    diff: str  # unified diff, inserted text → current text ("" when unchanged)
    diff_lines: list[DiffLine]  # every line once with its operation, for a client to colour
    current_published_at: datetime | None


def _diff(before: str, after: str) -> tuple[str, list[DiffLine]]:
    """The same two shapes as a draft's version diff (``spaces.selectors.draft_diff``)."""
    a, b = before.splitlines(), after.splitlines()
    if len(a) * len(b) > MAX_DIFF_LINE_PAIRS:
        return "", []
    unified = "\n".join(
        difflib.unified_diff(a, b, fromfile="texte inséré", tofile="texte actuel", lineterm="")
    )
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("equal", line) for line in a[i1:i2])
            continue
        if op in ("replace", "delete"):
            lines.extend(DiffLine("delete", line) for line in a[i1:i2])
        if op in ("replace", "insert"):
            lines.extend(DiffLine("insert", line) for line in b[j1:j2])
    return unified, lines


def draft_clause_list(*, actor: AnyUser, draft: Draft) -> list[ClauseProvenance]:
    """The clauses inserted into a draft its reader may read, oldest first."""
    require(actor, "view", draft)
    records = list(
        DraftClause.objects.filter(draft=draft)
        .select_related("inserted_by", "clause", "clause__live_revision")
        .order_by("inserted_at", "pk")
    )
    clause_ids = {r.clause_id for r in records if r.clause_id is not None}
    readable = (
        set(clause_list(actor=actor).filter(pk__in=clause_ids).values_list("pk", flat=True))
        if clause_ids
        else set()
    )
    result = []
    for record in records:
        clause = record.clause if record.clause_id in readable else None
        if clause is None:
            result.append(ClauseProvenance(record, None, None, False, "", [], None))
            continue
        changed = (
            clause.live_revision_id != record.revision_id
            and clause.clause_text != record.inserted_text
        )
        unified, lines = _diff(record.inserted_text, clause.clause_text) if changed else ("", [])
        result.append(
            ClauseProvenance(
                record=record,
                current_revision_id=clause.live_revision_id,
                current_text=clause.clause_text,
                changed_since=changed,
                diff=unified,
                diff_lines=lines,
                current_published_at=clause.last_published_at,
            )
        )
    return result
