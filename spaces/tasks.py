"""Background tasks of drafting spaces: folding update logs into the stored text.

A draft's live text is its snapshot plus its update log (``spaces.coedit.store``); ``compact``
folds the log in and refreshes the markdown and HTML that search and exports read. Rooms ask for
it when their last connection leaves and every ``COEDIT_COMPACT_EVERY`` updates
(``spaces.coedit.rooms``); the scheduler asks for ``compact_pending_drafts`` periodically
(``settings.TASK_SCHEDULE``), for logs no room will compact: a worker killed with rooms open, a
version restored from the server. Both are idempotent: compacting a compacted draft does nothing.
"""

from background.queue import task

from .coedit import store
from .models import Draft
from .selectors import drafts_with_pending_updates


@task(attempts=3, backoff_seconds=10.0)
def compact_draft(draft_id: int) -> bool:
    """Compact one draft; False if it was deleted since (nothing left to do)."""
    try:
        store.compact(draft_id)
    except Draft.DoesNotExist:
        return False
    return True


@task(attempts=1)  # the next scheduled run is the retry
def compact_pending_drafts() -> int:
    """Compact every draft with pending updates; the number compacted."""
    ids = list(drafts_with_pending_updates().values_list("pk", flat=True))
    for draft_id in ids:
        try:
            store.compact(draft_id)
        except Draft.DoesNotExist:
            continue  # deleted meanwhile
    return len(ids)
