"""What a publication connector does: send one notice, return the journal's reference."""

from abc import ABC, abstractmethod
from dataclasses import dataclass


class PublicationError(Exception):
    """The journal refused or could not be reached: the task retries, then records it."""


@dataclass(frozen=True)
class OutgoingNotice:
    sending_id: int
    tender_id: int
    kind: str  # NoticeKind
    channel: str  # NoticeChannel
    html: str
    sha256: str


class Connector(ABC):
    """One journal's API. Implementations must be idempotent on ``sending_id`` (a retried task
    sends again), and raise ``PublicationError`` on refusal or failure."""

    @abstractmethod
    def send(self, notice: OutgoingNotice) -> str:
        """Send the notice; the journal's reference for it."""
