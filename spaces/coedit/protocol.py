"""The y-websocket wire format, read strictly and written exactly as the stock client expects.

A frame is one message: a varuint message type, then its body (lib0 encoding, as y-protocols):

- ``0`` sync: a varuint sub-type (``0`` step 1, ``1`` step 2, ``2`` update) and one
  length-prefixed byte array (a state vector for step 1, a Yjs update otherwise);
- ``1`` awareness: one length-prefixed awareness update (entries of client id, clock, JSON state);
- ``2`` auth: sent by the server only; sub-type ``0`` permission denied and a reason string;
- ``3`` query awareness: no body; the answer is an awareness message with every known state.

Anything else (trailing bytes, a truncated length, an unknown type or sub-type, a state that is
not JSON) raises ``ProtocolError``, and the consumer closes that connection.

Close codes the co-editing socket uses (``spaces.consumers``), so a client can tell them apart.
This is the one table (docs/decisions/0008 points here); the reason sent with each is in
French, for people. y-websocket treats 4400–4499 as final (no reconnection), other codes are
retried.

====  =======================================================================================
4401  no valid credential: not logged in, or the ``?ticket=`` is unknown, used, expired or for
      another draft, or the session cookie came from an origin not allowed to use it
      (``config/ws_origin.py``: no ``Origin``, another site, another port or scheme) — ask
      the API for a ticket
4404  the draft does not exist or the user may not read it (one code for both, as HTTP 404,
      so the socket does not reveal which drafts exist)
4400  malformed frame, unknown message type or sub-type, undecodable update or awareness
      update, or a text frame (the protocol is binary); or an update malformed for this draft:
      it references structures or deletes items that neither the draft (with the updates
      stored before it) nor the update itself holds, so yrs would keep it pending and clients
      joining later would never get it (``spaces.coedit.update_refs``, docs/decisions/0039).
      Nothing of it is stored nor relayed. Such an update is first held and the client asked
      for its step 2 (our step 1): stock clients send one while reconnecting after offline
      edits, or after a sibling tab's edit (BroadcastChannel), and their step 2 completes it.
      Refused only if the step 2 does not
4413  over a limit (``config/settings.py``, one per kind of message): a sync message over
      ``COEDIT_MAX_MESSAGE_BYTES``; an awareness message over
      ``COEDIT_AWARENESS_MAX_MESSAGE_BYTES``, or the client's own awareness state over
      ``COEDIT_AWARENESS_MAX_STATE_BYTES`` once the server wrote the user's name in; an update
      that would make the draft's text longer than ``spaces.limits.DRAFT_MAX_CHARACTERS``
      (the REST limit). Nothing of the message is stored nor relayed
1011  the update could not be stored (database error); it was not applied nor broadcast, and
      the client re-sends it when it reconnects and syncs
1013  the client reads too slowly and its outgoing queue overflowed; reconnect to resync
1001  the worker is stopping (a deploy: SIGTERM). Sent by the server command's WebSocket
      protocol (``config/uvicorn_ws.py``, docs/decisions/0025), not by the consumer: every
      frame the worker had read was handled (updates stored) before it exits; reconnect, to
      another worker. Frames sent after it are not read: the client re-sends them when it syncs
====  =======================================================================================

Not a close: awareness messages over ``COEDIT_AWARENESS_PER_SECOND`` are coalesced (the latest
waits for the budget, those it replaces are dropped) and query-awareness messages over it are
dropped; cursors are ephemeral and each state replaces the previous one, so closing a fast
typist's socket would be the wrong answer.

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

# The reason sent with each close code (at most 123 bytes of UTF-8, the WebSocket limit).
CLOSE_REASONS = {
    CLOSE_UNAUTHENTICATED: "Authentification requise : demandez un ticket.",
    CLOSE_NOT_FOUND: "Brouillon introuvable.",
    CLOSE_MALFORMED: "Message invalide.",
    CLOSE_TOO_BIG: "Message trop volumineux.",
    CLOSE_STORE_FAILED: "Modification non enregistrée ; reconnectez-vous.",
    CLOSE_TOO_SLOW: "Connexion trop lente ; reconnectez-vous.",
}

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


# --- Yjs payloads, before yrs reads them ----------------------------------------------------------
#
# yrs reserves memory for the count a state vector or an update starts with before reading the
# entries, so a 5-byte payload claiming 2^28 of them made it allocate about 512 MB and hold the
# worker's event loop for 1 to 3 s (every draft of the worker frozen; bench/fuzz_ws.py found
# it). A count the payload's bytes cannot hold is refused here; what remains is proportional to
# the message, itself limited (COEDIT_MAX_MESSAGE_BYTES).


def check_state_vector(payload: bytes) -> None:
    """A state vector: a count of (client, clock) pairs, each at least two bytes."""
    _check_count(payload, min_entry_bytes=2)


def check_update(payload: bytes) -> None:
    """A Yjs update (v1): a count of client blocks, each at least three bytes (the number of
    structures, the client, the first clock); yrs reads the rest."""
    _check_count(payload, min_entry_bytes=3)


def _check_count(payload: bytes, *, min_entry_bytes: int) -> None:
    reader = _Reader(payload)
    count = reader.var_uint()
    if count * min_entry_bytes > len(payload) - reader.pos:
        raise ProtocolError(f"{count} entries cannot fit in {len(payload)} bytes")


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


def _state_json(state: dict[str, Any] | None) -> str:
    # ASCII-only: a lone surrogate (valid in JSON, "\ud800") stays escaped instead of failing to
    # encode as UTF-8. JavaScript's JSON.stringify never writes more bytes for the same state,
    # so a client relaying a state it got from us stays within the limits we sent it under.
    return json.dumps(state, separators=(",", ":"))


def state_size(state: dict[str, Any] | None) -> int:
    """Bytes of the state's JSON as the server sends it (what awareness limits count)."""
    return len(_state_json(state))


def _encode_entry(entry: AwarenessEntry) -> bytes:
    return var_uint(entry.client_id) + var_uint(entry.clock) + var_string(_state_json(entry.state))


def encode_awareness_update(entries: list[AwarenessEntry]) -> bytes:
    return var_uint(len(entries)) + b"".join(_encode_entry(entry) for entry in entries)


def awareness_messages(entries: list[AwarenessEntry], *, max_bytes: int) -> list[bytes]:
    """Awareness messages carrying ``entries``, each at most ``max_bytes`` if an entry fits.

    A newcomer is sent every state of the room: in one message, a room of large states would
    make a frame above what the client (or we, when a stock client relays it) accept.
    """
    messages: list[bytes] = []
    chunk: list[bytes] = []
    size = 0
    for encoded in map(_encode_entry, entries):
        if chunk and _message_size(size + len(encoded), len(chunk) + 1) > max_bytes:
            messages.append(_awareness_message_of(chunk))
            chunk, size = [], 0
        chunk.append(encoded)
        size += len(encoded)
    if chunk:
        messages.append(_awareness_message_of(chunk))
    return messages


def _message_size(entries_size: int, count: int) -> int:
    update_size = len(var_uint(count)) + entries_size
    return len(var_uint(MESSAGE_AWARENESS)) + len(var_uint(update_size)) + update_size


def _awareness_message_of(encoded_entries: list[bytes]) -> bytes:
    return awareness_message(var_uint(len(encoded_entries)) + b"".join(encoded_entries))
