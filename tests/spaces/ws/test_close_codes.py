"""The close codes are documented where a client developer looks: one table, kept in step."""

from pathlib import Path

from django.conf import settings

import spaces.consumers
from spaces.coedit import protocol

CODES = {
    value
    for name, value in vars(protocol).items()
    if name.startswith("CLOSE_") and isinstance(value, int)
}


def test_every_close_code_is_in_the_tables_and_has_a_reason():
    adr = next((Path(settings.BASE_DIR) / "docs" / "decisions").glob("0008-*.md")).read_text()
    for code in CODES:
        assert f"\n{code}  " in protocol.__doc__, code
        assert f"\n{code}  " in spaces.consumers.__doc__, code
        assert f"| {code} |" in adr, code
        reason = protocol.CLOSE_REASONS[code]
        assert 0 < len(reason.encode()) <= 123  # the WebSocket limit for a close reason
