"""Models of the tender room, one module per part of the consultation's life."""

from .bids import Award, AwardedCompany, Bid, BidFile, BidOpening, SignatureStatus
from .documents import (
    DocumentVersion,
    Download,
    Notification,
    NotificationKind,
    TenderDocument,
)
from .questions import Answer, Question
from .tender import GroupMember, Lot, LotNeed, Nature, Procedure, Tender, TenderStatus

__all__ = [
    "Answer",
    "Award",
    "AwardedCompany",
    "Bid",
    "BidFile",
    "BidOpening",
    "DocumentVersion",
    "Download",
    "GroupMember",
    "Lot",
    "LotNeed",
    "Nature",
    "Notification",
    "NotificationKind",
    "Procedure",
    "Question",
    "SignatureStatus",
    "Tender",
    "TenderDocument",
    "TenderStatus",
]
