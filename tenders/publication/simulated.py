"""A journal that accepts everything, for the demo and the tests: nothing leaves the machine.

``SENT`` keeps what was sent in this process (tests read it); ``FAIL_NEXT`` makes the next
``n`` sends fail, to exercise the retries.
"""

from .base import Connector, OutgoingNotice, PublicationError

SENT: list[OutgoingNotice] = []
FAIL_NEXT = {"count": 0}


class SimulatedConnector(Connector):
    def send(self, notice: OutgoingNotice) -> str:
        if FAIL_NEXT["count"] > 0:
            FAIL_NEXT["count"] -= 1
            raise PublicationError("Journal simulé indisponible.")
        if not any(item.sending_id == notice.sending_id for item in SENT):
            SENT.append(notice)
        return f"SIM-{notice.channel.upper()}-{notice.sending_id:06d}"
