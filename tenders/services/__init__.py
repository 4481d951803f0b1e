"""Writes of the tender room, one module per part (lifecycle, DCE, Q&A, notifications).

Callers import from here; the modules keep each part small enough to read in one sitting.
"""

from .bids import (
    LateBidError,
    TooLargeError,
    bid_check_files,
    bid_file_read,
    bid_require_readable,
    bid_submit,
    max_request_bytes,
)
from .candidatures import (
    candidature_decide,
    candidature_file_read,
    candidature_invite,
    candidature_require_readable,
    candidature_requirements_set,
    candidature_submit,
)
from .documents import (
    dce_download,
    document_download,
    tender_document_add,
    tender_document_delete,
    tender_document_from_draft,
    tender_document_revise,
)
from .lifecycle import (
    publicity_required,
    tender_award,
    tender_cancel,
    tender_close_due,
    tender_create,
    tender_declare_unsuccessful,
    tender_open,
    tender_publish,
    tender_update,
)
from .messaging import clarification_answer, clarification_answer_read, clarification_request_send
from .notifications import notification_mark_read
from .opening import bid_open_earlier
from .questions import question_answer, question_ask

__all__ = [
    "LateBidError",
    "TooLargeError",
    "bid_check_files",
    "bid_file_read",
    "bid_open_earlier",
    "bid_require_readable",
    "bid_submit",
    "candidature_decide",
    "candidature_file_read",
    "candidature_invite",
    "candidature_require_readable",
    "candidature_requirements_set",
    "candidature_submit",
    "clarification_answer",
    "clarification_answer_read",
    "clarification_request_send",
    "dce_download",
    "document_download",
    "max_request_bytes",
    "notification_mark_read",
    "publicity_required",
    "question_answer",
    "question_ask",
    "tender_award",
    "tender_cancel",
    "tender_close_due",
    "tender_create",
    "tender_declare_unsuccessful",
    "tender_document_add",
    "tender_document_delete",
    "tender_document_from_draft",
    "tender_document_revise",
    "tender_open",
    "tender_publish",
    "tender_update",
]
