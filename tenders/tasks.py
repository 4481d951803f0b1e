"""Background tasks of the tender room.

``close_due_tenders`` runs every minute (``settings.TASK_SCHEDULE``) so a consultation is closed,
and its closing audited, at its deadline rather than at the next read (reads still close lazily,
in case the scheduler is down). It is idempotent: each tender is closed by a conditional UPDATE,
so a second run, or two workers at once, close nothing twice.
"""

from background.queue import task

from .services import tender_close_due


@task(attempts=1)  # the next scheduled run is the retry
def close_due_tenders() -> int:
    """Close every published tender whose response deadline has passed; how many were."""
    return tender_close_due()


@task(attempts=5, backoff_seconds=60.0)
def send_notice(sending_id: int) -> str:
    """Send one notice to its journal (``tenders.publication``); retried with backoff."""
    from .services.notices import notice_deliver

    return notice_deliver(sending_id=sending_id)


@task(attempts=1)  # the next scheduled run is the retry
def alert_saved_searches() -> int:
    """E-mail companies the consultations published since their searches last matched."""
    from .services.saved_searches import saved_searches_alert

    return saved_searches_alert()


@task(attempts=1)  # the next scheduled run is the retry
def sweep_orphan_bid_files() -> int:
    """Delete sealed files (bids, candidatures, answers) and upload spools left by a worker
    killed while storing a deposit (docs/decisions/0028); how many were. The name predates
    candidatures and answers: it is the one schedules and ``SWEEP_BID_FILES_CRON`` know."""
    from .services.orphans import sealed_files_sweep_orphans, upload_spool_sweep

    return len(sealed_files_sweep_orphans()) + len(upload_spool_sweep())
