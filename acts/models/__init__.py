"""Models of the transmission operator: classification, acts and their exchanges, accounting
files."""

from .accounting import AccountingFile, AccountingFileStatus, PesKind
from .act import Act, ActFile, ActNature, ActStatus
from .classification import ClassificationEntry, ClassificationVersion
from .exchange import ActMessage, MessageDirection, MessageKind, MessageStatus

__all__ = [
    "AccountingFile",
    "AccountingFileStatus",
    "Act",
    "ActFile",
    "ActMessage",
    "ActNature",
    "ActStatus",
    "ClassificationEntry",
    "ClassificationVersion",
    "MessageDirection",
    "MessageKind",
    "MessageStatus",
    "PesKind",
]
