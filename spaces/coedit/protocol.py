"""The y-websocket wire format, read strictly and written exactly as the stock client expects.

A frame is one message: a varuint message type, then its body (lib0 encoding, as y-protocols):

- ``0`` sync: a varuint sub-type (``0`` step 1, ``1`` step 2, ``2`` update) and one
  length-prefixed byte array (a state vector for step 1, a Yjs update otherwise);
- ``1`` awareness: one length-prefixed awareness update (entries of client id, clock, JSON state);
- ``2`` auth: sent by the server only; sub-type ``0`` permission denied and a reason string;
- ``3`` query awareness: no body; the answer is an awareness message with every known state.

Anything else (trailing bytes, a truncated length, an unknown type or sub-type, a state that is
not JSON) raises ``ProtocolError``, and the consumer closes that connection.

Close codes the co-editing socket uses (``spaces.consumers``), so a client can tell them apart:

====  =======================================================================================
4401  no valid credential: not logged in, or the ``?ticket=`` is unknown, used, expired or for
      another draft (ask the API for a new ticket)
4404  the draft does not exist or the user may not read it (one code for both, as HTTP 404,
      so the socket does not reveal which drafts exist)
4400  malformed frame, unknown message type or sub-type, undecodable update or awareness
      update, or a text frame (the protocol is binary)
4413  a message over ``settings.COEDIT_MAX_MESSAGE_BYTES``
1011  the update could not be stored (database error); it was not applied nor broadcast, and
      the client re-sends it when it reconnects and syncs
1013  the client reads too slowly and its outgoing queue overflowed; reconnect to resync
====  =======================================================================================

The transport itself (uvicorn ``--ws-max-size``) closes with 1009 above its own, higher limit.
"""

import json
from dataclasses import dataclass
from typing import Any

MESSAGE_SYNC = 0
MESSAGE_AWARENESS = 1
MESSAGE_AUTH = 2
MESSAGE_QUERY_AWARENESS = 3

SYNC_STEP1 = 0
SYNC_STEP2 = 1
SYNC_UPDATE = 2

AUTH_PERMISSION_DENIED = 0

CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_MALFORMED = 4400
CLOSE_TOO_BIG = 4413
CLOSE_STORE_FAILED = 1011
CLOSE_TOO_SLOW = 1013

# An update that carries nothing: no structs, empty delete set (Yjs sends it, e.g. as a step 2
# reply from a client that has nothing we lack).
EMPTY_UPDATE = b"\x00\x00"

_MAX_VAR_UINT_BYTES = 8  # 2**56: larger than any length, clock or client id in practice


class ProtocolError(ValueError):
    """The frame does not follow the y-websocket protocol."""


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def var_uint(self) -> int:
        value = 0
        for shift in range(0, 7 * _MAX_VAR_UINT_BYTES, 7):
            if self.pos >= len(self.data):
                raise ProtocolError("truncated varuint")
            byte = self.data[self.pos]
            self.pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
        raise ProtocolError("varuint too long")

    def var_bytes(self) -> bytes:
        length = self.var_uint()
        if length > len(self.data) - self.pos:
            raise ProtocolError("length past the end of the frame")
        chunk = self.data[self.pos : self.pos + length]
        self.pos += length
        return chunk

    def var_string(self) -> str:
        try:
            return self.var_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError("string is not UTF-8") from exc

    def end(self) -> None:
        if self.pos != len(self.data):
            raise ProtocolError("trailing bytes")


def var_uint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    out.append(value)
    return bytes(out)


def var_bytes(data: bytes) -> bytes:
    return var_uint(len(data)) + data


def var_string(text: str) -> bytes:
    # lib0 prefixes the UTF-8 byte length (pycrdt's Encoder writes the character count).
    return var_bytes(text.encode("utf-8"))


@dataclass(frozen=True)
class Message:
    type: int
    sub_type: int | None = None
    payload: bytes = b""


def parse_message(frame: bytes) -> Message:
    reader = _Reader(frame)
    message_type = reader.var_uint()
    if message_type == MESSAGE_SYNC:
        sub_type = reader.var_uint()
        if sub_type not in (SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE):
            raise ProtocolError(f"unknown sync message sub-type {sub_type}")
        payload = reader.var_bytes()
        reader.end()
        return Message(message_type, sub_type, payload)
    if message_type == MESSAGE_AWARENESS:
        payload = reader.var_bytes()
        reader.end()
        return Message(message_type, None, payload)
    if message_type == MESSAGE_AUTH:
        sub_type = reader.var_uint()
        reader.var_string()
        reader.end()
        return Message(message_type, sub_type)
    if message_type == MESSAGE_QUERY_AWARENESS:
        reader.end()
        return Message(message_type)
    raise ProtocolError(f"unknown message type {message_type}")


def sync_message(sub_type: int, payload: bytes) -> bytes:
    return var_uint(MESSAGE_SYNC) + var_uint(sub_type) + var_bytes(payload)


def awareness_message(update: bytes) -> bytes:
    return var_uint(MESSAGE_AWARENESS) + var_bytes(update)


def permission_denied_message(reason: str) -> bytes:
    return var_uint(MESSAGE_AUTH) + var_uint(AUTH_PERMISSION_DENIED) + var_string(reason)


# --- Awareness updates ------------------------------------------------------------------------


@dataclass(frozen=True)
class AwarenessEntry:
    client_id: int
    clock: int
    state: dict[str, Any] | None  # None: the client is gone


def parse_awareness_update(update: bytes) -> list[AwarenessEntry]:
    reader = _Reader(update)
    entries = []
    for _ in range(reader.var_uint()):
        client_id = reader.var_uint()
        clock = reader.var_uint()
        raw = reader.var_string()
        try:
            state = json.loads(raw)
        except ValueError as exc:
            raise ProtocolError("awareness state is not JSON") from exc
        if state is not None and not isinstance(state, dict):
            raise ProtocolError("awareness state is not an object")
        entries.append(AwarenessEntry(client_id, clock, state))
    reader.end()
    return entries


def encode_awareness_update(entries: list[AwarenessEntry]) -> bytes:
    out = [var_uint(len(entries))]
    for entry in entries:
        out.append(var_uint(entry.client_id))
        out.append(var_uint(entry.clock))
        out.append(var_string(json.dumps(entry.state, separators=(",", ":"))))
    return b"".join(out)
