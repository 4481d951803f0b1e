"""Models of the tender room, one module per part of the consultation's life."""

from .bids import (
    Award,
    AwardedCompany,
    Bid,
    BidFile,
    BidOpening,
    SignatureIntegrity,
    SignatureStatus,
)
from .contract import (
    Ccag,
    EnvironmentalConsideration,
    ExecutionTerm,
    GroupingType,
    PriceForm,
    PriceType,
    SocialConsideration,
    Technique,
)
from .documents import (
    DocumentVersion,
    Download,
    Notification,
    NotificationKind,
    TenderDocument,
)
from .draft_links import TenderDraft
from .questions import Answer, Question
from .tender import GroupMember, Lot, LotNeed, Nature, Procedure, Tender, TenderStatus

__all__ = [
    "Answer",
    "Award",
    "AwardedCompany",
    "Bid",
    "BidFile",
    "BidOpening",
    "Ccag",
    "DocumentVersion",
    "Download",
    "EnvironmentalConsideration",
    "ExecutionTerm",
    "GroupMember",
    "GroupingType",
    "Lot",
    "LotNeed",
    "Nature",
    "Notification",
    "NotificationKind",
    "PriceForm",
    "PriceType",
    "Procedure",
    "Question",
    "SignatureIntegrity",
    "SignatureStatus",
    "SocialConsideration",
    "Technique",
    "Tender",
    "TenderDocument",
    "TenderDraft",
    "TenderStatus",
]

# The tender room's notices and companies' saved searches (issue 12, part A).
from .backups import BackupOpening, BackupOpeningGround
from .notices import NoticeChannel, NoticeKind, NoticeSending, NoticeStatus
from .saved_searches import SavedSearch, SavedSearchAlert

__all__ += [
    "BackupOpening",
    "BackupOpeningGround",
    "NoticeChannel",
    "NoticeKind",
    "NoticeSending",
    "NoticeStatus",
    "SavedSearch",
    "SavedSearchAlert",
]
