"""Sweeping the sealed files a killed worker leaves behind (docs/decisions/0028).

A company's sealed deposits — bids, candidatures, answers to a request for clarification — are
written the same way: each file is encrypted into the storage, then the rows that name the files
are committed in one transaction. A worker killed in between (SIGKILL, the OOM killer, a host
lost) leaves files no row names, and no exception handler runs to delete them. Nothing reads
them; ``sealed_files_sweep_orphans`` removes them once older than ``ORPHAN_GRACE`` (until then
they may belong to a deposit being stored right now), scheduled hourly
(``tenders.tasks.sweep_orphan_bid_files``).

Files are written only while a deposit is received, that is before a deadline, so only the
directories of tenders whose deadline of that kind is at most ``ORPHAN_LOOKBACK`` past are
listed: the cost follows the open consultations, not the archive.
"""

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Model, Q

from ..models import (
    AnswerFile,
    BidFile,
    CandidatureFile,
    ClarificationRequest,
    Tender,
)
from ._common import now

logger = logging.getLogger(__name__)

# A stored file no row names is swept once older than this: until then it may belong to a
# deposit being encrypted and recorded right now.
ORPHAN_GRACE = timedelta(hours=1)
# Files are written only before a deadline: the sweep looks at tenders whose deadline (of the
# deposit's kind) is at most this far in the past.
ORPHAN_LOOKBACK = timedelta(days=2)


@dataclass(frozen=True)
class _Sealed:
    """One kind of sealed deposit: where its files go, which tenders may have received some
    lately, and which stored names its rows hold for one tender."""

    name: str
    model: type[Model]
    directory: str  # the upload_to prefix, followed by the tender's id
    tender_link: str  # the lookup from a file row to its tender's id
    recent_tenders: Callable[[datetime], Iterable[int]]

    def recorded(self, tender_id: int) -> set[str]:
        rows = self.model._default_manager.filter(**{self.tender_link: tender_id})
        return set(rows.values_list("file", flat=True))


def _bids_due_since(limit: datetime) -> Iterable[int]:
    return (
        Tender.objects.filter(response_deadline__gte=limit).values_list("pk", flat=True).iterator()
    )


def _candidatures_due_since(limit: datetime) -> Iterable[int]:
    # Bounded through the indexed offers' deadline first: it is unset until the invitations,
    # which come after the candidatures' deadline (a tender outside this bound is only left
    # unswept, never swept wrongly).
    return (
        Tender.objects.filter(Q(response_deadline__gte=limit) | Q(response_deadline__isnull=True))
        .filter(candidature_deadline__gte=limit)
        .values_list("pk", flat=True)
        .iterator()
    )


def _answers_due_since(limit: datetime) -> Iterable[int]:
    return (
        ClarificationRequest.objects.filter(deadline__gte=limit)
        .values_list("tender_id", flat=True)
        .distinct()
        .iterator()
    )


SEALED = (
    _Sealed("bid", BidFile, "tenders/bids", "bid__tender_id", _bids_due_since),
    _Sealed(
        "candidature",
        CandidatureFile,
        "tenders/candidatures",
        "candidature__tender_id",
        _candidatures_due_since,
    ),
    _Sealed("answer", AnswerFile, "tenders/messages", "request__tender_id", _answers_due_since),
)


def sealed_files_sweep_orphans(*, grace: timedelta = ORPHAN_GRACE) -> list[str]:
    """Delete stored sealed files (bids, candidatures, answers) that no row names, older than
    ``grace``; the names deleted."""
    moment = now()
    removed: list[str] = []
    for kind in SEALED:
        storage = kind.model._meta.get_field("file").storage
        for tender_id in kind.recent_tenders(moment - ORPHAN_LOOKBACK):
            directory = f"{kind.directory}/{tender_id}"
            try:
                _subdirectories, names = storage.listdir(directory)
            except FileNotFoundError:
                continue
            if not names:
                continue
            recorded = kind.recorded(tender_id)
            for name in names:
                path = f"{directory}/{name}"
                if path in recorded:
                    continue
                try:
                    if storage.get_modified_time(path) > moment - grace:
                        continue  # perhaps a deposit being stored right now
                except FileNotFoundError:
                    continue
                storage.delete(path)
                removed.append(path)
    if removed:
        logger.warning("Removed %s sealed files no row names: %s", len(removed), removed)
    return removed


def upload_spool_sweep(*, grace: timedelta = ORPHAN_GRACE) -> list[str]:
    """Delete upload spool files (``FILE_UPLOAD_TEMP_DIR``) untouched for ``grace``.

    Django deletes an upload's spool when the request ends, but a killed worker ends no
    request. A spool being received is written to all the time, and one received is read
    within the request: older than ``grace``, it is a leftover.
    """
    directory = settings.FILE_UPLOAD_TEMP_DIR
    if not directory or not os.path.isdir(directory):
        return []
    limit = time.time() - grace.total_seconds()
    removed = []
    for entry in os.scandir(directory):
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime <= limit:
                os.unlink(entry.path)
                removed.append(entry.name)
        except FileNotFoundError:
            continue
    if removed:
        logger.warning("Removed %s upload spool files left behind: %s", len(removed), removed)
    return removed


__all__ = ["ORPHAN_GRACE", "sealed_files_sweep_orphans", "upload_spool_sweep"]
