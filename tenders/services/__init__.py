"""Writes of the tender room, one module per part (lifecycle, DCE, Q&A, notifications).

Callers import from here; the modules keep each part small enough to read in one sitting.
"""

from .analysis import criteria_set, offer_scores_set
from .award_notification import award_acknowledge, award_notification_record, award_notify
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
from .certificates import certificate_review, certificate_upload, certificates_request
from .contract_changes import award_correct, contract_modification_add
from .documents import (
    dce_current_versions,
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
from .rejection import rejection_letters_send

__all__ = [
    "LateBidError",
    "TooLargeError",
    "award_acknowledge",
    "award_correct",
    "award_notification_record",
    "award_notify",
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
    "certificate_review",
    "certificate_upload",
    "certificates_request",
    "clarification_answer",
    "clarification_answer_read",
    "clarification_request_send",
    "contract_modification_add",
    "criteria_set",
    "dce_current_versions",
    "dce_download",
    "document_download",
    "max_request_bytes",
    "notification_mark_read",
    "offer_scores_set",
    "publicity_required",
    "question_answer",
    "question_ask",
    "rejection_letters_send",
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
