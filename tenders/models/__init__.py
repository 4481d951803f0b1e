"""Models of the tender room, one module per part of the consultation's life."""

from .analysis import Criterion, OfferScore
from .award_steps import (
    AwardNotification,
    Certificate,
    CertificateKind,
    ContractModification,
    RejectionLetter,
)
from .bids import (
    Award,
    AwardedCompany,
    Bid,
    BidFile,
    BidOpening,
    SignatureIntegrity,
    SignatureStatus,
)
from .candidatures import (
    Candidature,
    CandidatureFile,
    CandidatureRequirement,
    CandidatureStatus,
    PieceKind,
    SealKey,
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
from .messaging import AnswerFile, ClarificationRequest, RequestKind
from .opening import DepositKind, EarlierBidOpening, OpenedDeposit, RefusedDeposit
from .questions import Answer, Question
from .tender import GroupMember, Lot, LotNeed, Nature, Procedure, Tender, TenderStatus

__all__ = [
    "Answer",
    "AnswerFile",
    "Award",
    "AwardNotification",
    "AwardedCompany",
    "Bid",
    "BidFile",
    "BidOpening",
    "Candidature",
    "CandidatureFile",
    "CandidatureRequirement",
    "CandidatureStatus",
    "Ccag",
    "Certificate",
    "CertificateKind",
    "ClarificationRequest",
    "ContractModification",
    "Criterion",
    "DepositKind",
    "DocumentVersion",
    "Download",
    "EarlierBidOpening",
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
    "OpenedDeposit",
    "PieceKind",
    "PriceForm",
    "PriceType",
    "Procedure",
    "Question",
    "RefusedDeposit",
    "RejectionLetter",
    "RequestKind",
    "SealKey",
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
