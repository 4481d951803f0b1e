"""What a connector to the prefecture and the Treasury does, and how answers come back.

A connector **hands over** (``send_*``): it returns once the other end has taken the archive
or file, and raises ``GatewayError`` when it could not (network down, operator refusing the
connection): the hand-over task is then retried with backoff, and shown as an error with the
connector's reason once the retries are exhausted. It is called with the act's row locked and
in the ``waiting`` state, inside the transaction that moves it to ``transmitted``: two workers
never hand the same act over twice.

**Answers** arrive later, by whatever means the operator offers (polling, callback); the
connector then calls ``acts.services.receipts`` (``act_acknowledged``, ``act_refused``,
``message_acknowledged``, ``accounting_file_answered``), which record them idempotently.
"""

from typing import IO


class GatewayError(Exception):
    """The hand-over failed; ``str(error)`` is the reason shown to the collectivité."""


class Gateway:
    name = "abstract"

    def send_act(self, *, act, archive_name: str, archive: IO[bytes]) -> None:
        raise NotImplementedError

    def send_message(self, *, message, archive_name: str, archive: IO[bytes]) -> None:
        raise NotImplementedError

    def send_accounting_file(self, *, accounting_file) -> None:
        raise NotImplementedError
