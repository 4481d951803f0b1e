"""What a Yjs update (v1) references, read without yrs: so the room can refuse one that would pend.

yrs keeps a structure whose dependencies it lacks (a clock gap in its client's block, an origin,
right origin or parent item it does not have), and a deletion of items it does not have,
"pending": outside the text and outside ``get_update``, which is what a joining client is sent
(JS Yjs encodes pending parts, yrs and pycrdt do not, and pycrdt has no API to see them). One
such update stored and applied by a room makes every later joiner diverge for good
(docs/decisions/0039). pycrdt tells us nothing about it, so this module reads the ids an update
carries, and ``Clocks.missing`` says whether all of them are in the document it will be applied
to or in the update itself.

The format (yjs ``readClientsStructRefs``, ``readItem``, ``readDeleteSet``; lib0 ``readAny``;
yrs reads the same bytes): a count of client blocks, each a struct count, the client and its
first clock, then structs one after the other (an info byte whose low five bits give the kind:
0 GC, 10 Skip, else an item with that content ref); then the delete set. Only ids and lengths
are kept; contents are skipped, but walked exactly, since a struct's length comes from its
content. Strictly: anything truncated, unknown or trailing raises ``ProtocolError``, as
``spaces.coedit.protocol`` does for frames. yrs-only extensions that no Yjs client reads (move
content 11, weak-link type refs 7 and up) are refused the same way.
"""

import heapq
import re
from collections import deque
from dataclasses import dataclass
from struct import calcsize

from .protocol import ProtocolError, _Reader, var_uint

# Info byte of an item: it has an origin / a right origin / a parent key (map entry).
_HAS_ORIGIN = 0x80
_HAS_RIGHT_ORIGIN = 0x40
_HAS_PARENT_SUB = 0x20
_KIND = 0x1F

_GC, _DELETED, _JSON, _BINARY, _STRING, _EMBED, _FORMAT, _TYPE, _ANY, _DOC, _SKIP = range(11)
# Type refs (Yjs ``typeRefs``): 0 array, 1 map, 2 text, 3 XML element (named), 4 XML fragment,
# 5 XML hook (named), 6 XML text.
_NAMED_TYPES = (3, 5)
_LAST_TYPE_REF = 6

# lib0 ``readAny`` tags, counted down from 127.
_ANY_UNDEFINED, _ANY_NULL, _ANY_INT, _ANY_F32, _ANY_F64, _ANY_BIGINT = range(127, 121, -1)
_ANY_FALSE, _ANY_TRUE, _ANY_STRING, _ANY_OBJECT, _ANY_ARRAY, _ANY_BYTES = range(121, 115, -1)
_ANY_FIXED = {_ANY_F32: calcsize("<f"), _ANY_F64: calcsize("<d"), _ANY_BIGINT: calcsize("<q")}

Id = tuple[int, int]  # (client, clock)


@dataclass(frozen=True, slots=True)
class Struct:
    clock: int
    length: int
    deps: tuple[Id, ...]  # origin, right origin, parent item: what must exist before it
    skip: bool = False  # a Skip: a gap in a merged update, which adds nothing


@dataclass(frozen=True, slots=True)
class ClientBlock:
    client: int
    structs: tuple[Struct, ...]


@dataclass(frozen=True, slots=True)
class UpdateRefs:
    blocks: tuple[ClientBlock, ...]
    deletes: tuple[tuple[int, int, int], ...]  # (client, clock, length)


class _UpdateReader(_Reader):
    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise ProtocolError("truncated update")
        value = self.data[self.pos]
        self.pos += 1
        return value

    def skip(self, count: int) -> None:
        if count > len(self.data) - self.pos:
            raise ProtocolError("truncated update")
        self.pos += count

    def id(self) -> Id:
        return self.var_uint(), self.var_uint()

    def var_int(self) -> None:
        """lib0 signed varint: six bits in the first byte (with sign and continuation)."""
        if self.byte() & 0x80:
            self.var_uint()

    def any_values(self, count: int) -> None:
        """Skip ``count`` lib0 "any" values, iteratively (nesting is the sender's choice)."""
        # (is an object's entries, values left at that level)
        stack: list[list] = [[False, count]]
        while stack:
            level = stack[-1]
            if level[1] == 0:
                stack.pop()
                continue
            level[1] -= 1
            if level[0]:
                self.var_bytes()  # the entry's key
            tag = self.byte()
            if tag in (_ANY_UNDEFINED, _ANY_NULL, _ANY_FALSE, _ANY_TRUE):
                continue
            if tag == _ANY_INT:
                self.var_int()
            elif tag in _ANY_FIXED:
                self.skip(_ANY_FIXED[tag])
            elif tag in (_ANY_STRING, _ANY_BYTES):
                self.var_bytes()
            elif tag in (_ANY_OBJECT, _ANY_ARRAY):
                stack.append([tag == _ANY_OBJECT, self.var_uint()])
            else:
                raise ProtocolError(f"unknown any tag {tag}")

    def content_length(self, kind: int) -> int:
        """Skip an item's content; its length in clocks."""
        if kind == _STRING:
            # lib0 writes the UTF-8 byte length; Yjs counts clocks in UTF-16 code units.
            return len(self.var_string().encode("utf-16-le")) // 2
        if kind == _DELETED:
            return self.var_uint()
        if kind == _ANY:
            count = self.var_uint()
            self.any_values(count)
            return count
        if kind == _JSON:
            count = self.var_uint()
            for _ in range(count):
                self.var_bytes()
            return count
        if kind in (_BINARY, _EMBED):
            self.var_bytes()
        elif kind == _FORMAT:
            self.var_bytes()  # key
            self.var_bytes()  # value (JSON)
        elif kind == _TYPE:
            type_ref = self.var_uint()
            if type_ref > _LAST_TYPE_REF:
                raise ProtocolError(f"unknown type ref {type_ref}")
            if type_ref in _NAMED_TYPES:
                self.var_bytes()
        elif kind == _DOC:
            self.var_bytes()  # guid
            self.any_values(1)  # options
        else:
            raise ProtocolError(f"unknown content ref {kind}")
        return 1

    def struct(self, clock: int) -> Struct:
        info = self.byte()
        kind = info & _KIND
        if kind == _GC:
            return Struct(clock, self.var_uint(), ())
        if kind == _SKIP:
            return Struct(clock, self.var_uint(), (), skip=True)
        deps: list[Id] = []
        if info & _HAS_ORIGIN:
            deps.append(self.id())
        if info & _HAS_RIGHT_ORIGIN:
            deps.append(self.id())
        if not info & (_HAS_ORIGIN | _HAS_RIGHT_ORIGIN):
            # No neighbour to take the parent from: a root type's name, or the parent item.
            if self.var_uint() == 1:
                self.var_bytes()
            else:
                deps.append(self.id())
            if info & _HAS_PARENT_SUB:
                self.var_bytes()
        return Struct(clock, self.content_length(kind), tuple(deps))


def read_update(data: bytes) -> UpdateRefs:
    """The ids and lengths of a v1 update; ``ProtocolError`` if it is not exactly one."""
    reader = _UpdateReader(data)
    blocks = []
    seen: set[int] = set()
    for _ in range(reader.var_uint()):
        count = reader.var_uint()
        client = reader.var_uint()
        if client in seen:  # encoders write one block per client; two would be read as one
            raise ProtocolError(f"client {client} has two blocks")
        seen.add(client)
        clock = reader.var_uint()
        structs = []
        for _ in range(count):
            struct = reader.struct(clock)
            structs.append(struct)
            clock += struct.length
        blocks.append(ClientBlock(client, tuple(structs)))
    deletes = []
    for _ in range(reader.var_uint()):
        client = reader.var_uint()
        for _ in range(reader.var_uint()):
            deletes.append((client, reader.var_uint(), reader.var_uint()))
    reader.end()
    return UpdateRefs(tuple(blocks), tuple(deletes))


# A state vector is a count and then varuints in (client, clock) pairs. Tokenized by a regex, in
# C: a long-edited draft has thousands of clients, and a check needs the clocks of a few.
_VAR_UINT = re.compile(rb"[\x80-\xff]*[\x00-\x7f]")


def _decode(token: bytes) -> int:
    value = 0
    for shift, byte in enumerate(token):
        value |= (byte & 0x7F) << (7 * shift)
    return value


class Clocks:
    """For each client, the first clock a document lacks: its state vector, and the updates
    counted in since (those that will be applied to it before the one being checked)."""

    def __init__(self, state_vector: bytes = b"\x00", *, parent: "Clocks | None" = None):
        tokens = _VAR_UINT.findall(state_vector)
        if len(tokens) % 2 != 1 or _decode(tokens[0]) * 2 != len(tokens) - 1:
            raise ValueError("not a state vector")
        self._stored = dict(zip(tokens[1::2], tokens[2::2], strict=True))
        self._parent = parent
        self._counted: dict[int, int] = {}
        self._checked: tuple[UpdateRefs | None, dict[int, int]] = (None, {})

    def layered(self) -> "Clocks":
        """Clocks that start as these and count updates in without changing these (a batch's
        trial on top of what the room holds)."""
        return Clocks(parent=self)

    def counted_clients(self) -> int:
        """How many clients were counted in since the state vector was read."""
        return len(self._counted)

    def get(self, client: int) -> int:
        clock = self._counted.get(client)
        if clock is not None:
            return clock
        if self._parent is not None:
            return self._parent.get(client)
        token = self._stored.get(var_uint(client))
        return 0 if token is None else _decode(token)

    def missing(self, refs: UpdateRefs) -> str | None:
        """What ``refs`` references that is neither known nor in it, if anything (counting
        nothing in: ``count_in`` does, once the caller keeps the update).

        Yjs's order of integration: a client's structs in order, each once its dependencies
        are known, the clients of one update in whatever order that allows. A block waits on
        one missing id at a time, in a heap of that client's awaited clocks, so a hostile update
        costs O(n log n) in its structs, not a pass over its clients per client.
        """
        counted: dict[int, int] = {}

        def known(client: int) -> int:
            clock = counted.get(client)
            return self.get(client) if clock is None else clock

        blocks = refs.blocks
        next_struct = [0] * len(blocks)
        awaited: dict[int, list[tuple[int, int]]] = {}  # client → heap of (clock, block index)
        ready = deque(range(len(blocks)))
        while ready:
            index = ready.popleft()
            block = blocks[index]
            structs = block.structs
            position = next_struct[index]
            while position < len(structs):
                struct = structs[position]
                if struct.skip:
                    position += 1
                    continue
                current = known(block.client)
                if struct.clock > current:
                    return f"clock gap: client {block.client} at {current}, block at {struct.clock}"
                dep = next((dep for dep in struct.deps if dep[1] >= known(dep[0])), None)
                if dep is not None:
                    heapq.heappush(awaited.setdefault(dep[0], []), (dep[1], index))
                    break
                end = struct.clock + struct.length
                if end > current:
                    counted[block.client] = end
                    waiting = awaited.get(block.client)
                    while waiting and waiting[0][0] < end:
                        ready.append(heapq.heappop(waiting)[1])
                position += 1
            next_struct[index] = position
        for waiting_client, waiting in awaited.items():
            if waiting:
                clock, index = waiting[0]
                return f"client {blocks[index].client} needs ({waiting_client}, {clock})"
        for client, clock, length in refs.deletes:
            if length and clock + length > known(client):
                return f"deletes ({client}, {clock}+{length}) past {known(client)}"
        self._checked = (refs, counted)
        return None

    def count_in(self, refs: UpdateRefs) -> None:
        """Count in an update ``missing`` found complete: it will be applied before the next."""
        checked, counted = self._checked
        if checked is not refs:
            if self.missing(refs) is not None:
                raise ValueError("an update that would pend is not counted in")
            counted = self._checked[1]
        self._counted.update(counted)
