"""Models of the tender room, one module per part of the consultation's life."""

from .analysis import Criterion, OfferScore
from .award_steps import (
    AwardNotification,
    Certificate,
    CertificateKind,
    ContractModification,
    RejectionLetter,
)
from .bids import Award, AwardedCompany, Bid, BidFile, BidOpening, SignatureStatus
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
    "AwardNotification",
    "AwardedCompany",
    "Bid",
    "BidFile",
    "BidOpening",
    "Ccag",
    "Certificate",
    "CertificateKind",
    "ContractModification",
    "Criterion",
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
    "OfferScore",
    "PriceForm",
    "PriceType",
    "Procedure",
    "Question",
    "RejectionLetter",
    "SignatureStatus",
    "SocialConsideration",
    "Technique",
    "Tender",
    "TenderDocument",
    "TenderDraft",
    "TenderStatus",
]
