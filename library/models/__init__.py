"""The library's page tree: one index, then pages of five kinds (and the lessons of a module).

Every kind extends ``LibraryPage``, a concrete (multi-table) base that holds what all kinds share
— body, theme, tags, summary, review dates — in one table: the API lists, filters and checks
visibility of every kind in one query over that table instead of one per kind.
"""

from .base import LibraryIndexPage, LibraryPage, LibraryPageTag, ReviewInterval
from .kinds import FactSheetPage, FaqEntryPage, GuidePage, ModelClausePage
from .progress import LessonProgress
from .training import TrainingLessonPage, TrainingModulePage
from .workflow import PeerReviewTask

__all__ = [
    "FactSheetPage",
    "FaqEntryPage",
    "GuidePage",
    "LessonProgress",
    "LibraryIndexPage",
    "LibraryPage",
    "LibraryPageTag",
    "ModelClausePage",
    "PeerReviewTask",
    "ReviewInterval",
    "TrainingLessonPage",
    "TrainingModulePage",
]
