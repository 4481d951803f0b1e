"""The reader of Yjs update ids (spaces.coedit.update_refs), checked against yrs and Yjs.

Its struct lengths must be the ones yrs counts (a state vector is the sum of them), for every
kind of content; and what it calls missing must be exactly what yrs would keep pending.
"""

import time

import pytest
from pycrdt import Array, Doc, Map, Text, XmlElement, XmlFragment, XmlText

from spaces.coedit import update_refs
from spaces.coedit.protocol import ProtocolError, var_string, var_uint
from spaces.coedit.update_refs import Clocks, UpdateRefs, read_update


def _integrates(refs: UpdateRefs, state_vector: bytes) -> bool:
    """Would the update integrate fully into a document with this state vector?"""
    return Clocks(state_vector).missing(refs) is None


def _clock_count(refs: UpdateRefs) -> int:
    """Clocks the update's structs add (Skips excluded), to set against yrs's state vector."""
    return sum(s.length for b in refs.blocks for s in b.structs if not s.skip)


# Made by yjs 13.6.33 (tools/yjs), client 7: ``Y.encodeStateAsUpdate`` of a document after
# - binary_any: ``getArray('a').insert(0, [Uint8Array [1,2,3], 1.5, 2**40, -5, -(2**40), 70000,
#   0.1, null, true, false, 'é😀', {k: [1, {z: 'y'}]}, Uint8Array [9]])`` (binary, any);
# - xml: an XmlElement 'p' with attribute class=c and an XmlText 't' in getXmlFragment('x');
# - xml_hook: an XmlHook 'hook' in a fragment (yrs cannot decode it; Yjs can);
# - subdoc: ``getMap('m').set('sub', new Y.Doc({guid: 'sub-guid', meta: {a: 1}}))``;
# - text: 'ab😀c' inserted bold, an embed {image: 'x.png'} at 2, italic on 0..2, 1 deleted.
# Each with the state vector Yjs gives for it.
NODE_UPDATES = {
    "binary_any": (
        bytes.fromhex(
            "0103070003010161030102038807000b7c3fc000007c538000007d457cd38000007db0c5087b3fb999999999"
            "999a7e78797706c3a9f09f98807601016b75027d017601017a77017983070b010900"
        ),
        bytes.fromhex("01070d"),
    ),
    "xml": (
        bytes.fromhex("01040700070101780301702800070005636c617373017701638707000604000702017400"),
        bytes.fromhex("010704"),
    ),
    "xml_hook": (
        bytes.fromhex("01010700070101780504686f6f6b00"),
        bytes.fromhex("010701"),
    ),
    "subdoc": (
        bytes.fromhex("010107002901016d03737562087375622d677569647601046d657461760101617d0100"),
        bytes.fromhex("010701"),
    ),
    "text": (
        bytes.fromhex(
            "010a0700060107636f6e74656e7404626f6c64047472756584070001618107010184070205f09f9880638607"
            "0504626f6c64046e756c6cc60702070304626f6c64046e756c6cc507070703117b22696d616765223a22782e"
            "706e67227dc60708070304626f6c640474727565460700066974616c69630474727565c60707070806697461"
            "6c6963046e756c6c0107010201"
        ),
        bytes.fromhex("01070c"),
    ),
}


def _pycrdt_updates() -> dict[str, tuple[Doc, bytes]]:
    """Updates made by pycrdt of every kind it writes, each from an empty document."""
    made: dict[str, tuple[Doc, bytes]] = {}

    def make(name: str, edit) -> None:
        doc = Doc()
        edit(doc)
        made[name] = doc, doc.get_update()

    def text(doc: Doc) -> None:
        content = doc.get("content", type=Text)
        content.insert(0, "Article 1 — Objet 😀 ✓ 𝄞")
        content.insert(3, "é", {"bold": True})
        content.format(0, 5, {"italic": True, "size": 12.5})
        content.insert_embed(4, {"image": "plan.png"})
        del content[1:6]
        content += "𝄞"

    def nested(doc: Doc) -> None:
        values = doc.get("values", type=Map)
        values["scalars"] = [1, -7, 2**40, -(2**53), 0.1, True, False, None, "é😀", b"\x00\xff"]
        values["tree"] = {"k": [1, {"z": "y", "deep": [[[{}]]]}], "": ""}
        values["text"] = Text("dans une carte")
        items = doc.get("items", type=Array)
        items.append(Array([1, Map({"a": Text("b")})]))
        del values["scalars"]

    def xml(doc: Doc) -> None:
        fragment = doc.get("xml", type=XmlFragment)
        fragment.children.append(XmlElement("p", {"class": "c"}, [XmlText("bonjour 😀")]))
        fragment.children.append(XmlText("fin"))

    def subdoc(doc: Doc) -> None:
        doc.get("docs", type=Map)["sub"] = Doc()

    for name, edit in [("text", text), ("nested", nested), ("xml", xml), ("subdoc", subdoc)]:
        make(name, edit)
    return made


PYCRDT_UPDATES = _pycrdt_updates()


def _total(state_vector: bytes, refs: update_refs.UpdateRefs) -> int:
    clocks = Clocks(state_vector)
    return sum(clocks.get(block.client) for block in refs.blocks)


@pytest.mark.parametrize("name", PYCRDT_UPDATES)
def test_struct_lengths_add_up_to_the_state_yrs_gives(name):
    doc, update = PYCRDT_UPDATES[name]
    refs = read_update(update)
    assert _clock_count(refs) == _total(doc.get_state(), refs) > 0
    assert _integrates(refs, b"\x00")


def test_text_lengths_are_utf16_code_units_and_single_edits_too():
    doc = Doc()
    content = doc.get("content", type=Text)
    clocks = Clocks(doc.get_state())
    for piece in ["a", "😀", "é", "𝄞x", "中文"]:
        before = doc.get_state()
        content += piece
        refs = read_update(doc.get_update(before))
        assert clocks.missing(refs) is None
        clocks.count_in(refs)
        assert clocks.get(doc.client_id) == Clocks(doc.get_state()).get(doc.client_id)
    assert clocks.get(doc.client_id) == len("a😀é𝄞x中文".encode("utf-16-le")) // 2


@pytest.mark.parametrize("name", NODE_UPDATES)
def test_yjs_updates_of_every_content_kind_are_read_as_yjs_counts_them(name):
    update, state_vector = NODE_UPDATES[name]
    refs = read_update(update)
    assert _clock_count(refs) == Clocks(state_vector).get(7)
    assert _integrates(refs, b"\x00")
    if name != "xml_hook":  # yrs cannot read Yjs's hook (the room refuses it before us)
        doc = Doc()
        doc.apply_update(update)
        assert doc.get_state() == state_vector


# --- Updates written by hand: what a mangled or hostile client could send ----------------------

A, B = 11, 22  # client ids


def _item(text="x", *, origin=None, right=None, parent=None, root="content", key=None) -> bytes:
    """A string item (content ref 4) with the given neighbours or parent."""
    info = 4 | (0x80 if origin else 0) | (0x40 if right else 0) | (0x20 if key else 0)
    out = bytes([info])
    for id_ in (origin, right):
        if id_:
            out += var_uint(id_[0]) + var_uint(id_[1])
    if not origin and not right:
        if parent:
            out += var_uint(0) + var_uint(parent[0]) + var_uint(parent[1])
        else:
            out += var_uint(1) + var_string(root)
        if key:
            out += var_string(key)
    return out + var_string(text)


def _update(blocks=(), deletes=()) -> bytes:
    """``blocks``: (client, first clock, [struct bytes]); ``deletes``: (client, clock, length)."""
    out = var_uint(len(blocks))
    for client, clock, structs in blocks:
        out += var_uint(len(structs)) + var_uint(client) + var_uint(clock) + b"".join(structs)
    by_client: dict[int, list[tuple[int, int]]] = {}
    for client, clock, length in deletes:
        by_client.setdefault(client, []).append((clock, length))
    out += var_uint(len(by_client))
    for client, ranges in by_client.items():
        out += var_uint(client) + var_uint(len(ranges))
        out += b"".join(var_uint(clock) + var_uint(length) for clock, length in ranges)
    return out


def _type_item(*, origin=None) -> bytes:
    """A map entry "m" holding a nested Text (content ref 7, type ref 2), in root "values"."""
    if origin:
        return bytes([0x87]) + var_uint(origin[0]) + var_uint(origin[1]) + var_uint(2)
    return bytes([0x27]) + var_uint(1) + var_string("values") + var_string("m") + var_uint(2)


BASE = _update([(A, 0, [_item("abc")])])  # the document's "abc", A 0..2

CASES = {
    # name: (update, integrates into BASE's document)
    "typing after an item it has": (_update([(A, 3, [_item("d", origin=(A, 2))])]), True),
    "inserting between two it has": (
        _update([(B, 0, [_item("d", origin=(A, 0), right=(A, 1))])]),
        True,
    ),
    "deleting what it has": (_update(deletes=[(A, 1, 2)]), True),
    "an overlap it already has": (_update([(A, 1, [_item("bcd", origin=(A, 0))])]), True),
    "deleting its own new item": (_update([(B, 0, [_item("z")])], [(B, 0, 1)]), True),
    "blocks whose dependencies come later in the update": (
        _update([(B, 0, [_item("y", origin=(A, 3))]), (A, 3, [_item("d", origin=(A, 2))])]),
        True,
    ),
    "a skip over what it has": (
        _update([(A, 0, [bytes([10]) + var_uint(3), _item("d", origin=(A, 2))])]),
        True,
    ),
    "an item in a nested type it has": (
        _update([(B, 0, [_type_item(), _item("t", parent=(B, 0))])]),
        True,
    ),
    "a clock gap": (_update([(A, 4, [_item("e", origin=(A, 2))])]), False),
    "a skip over what it lacks": (
        _update([(A, 3, [bytes([10]) + var_uint(2), _item("f", origin=(A, 2))])]),
        False,
    ),
    "a dangling origin": (_update([(B, 0, [_item("y", origin=(A, 7))])]), False),
    "a dangling right origin": (_update([(B, 0, [_item("y", right=(A, 3))])]), False),
    "an item in a nested type it lacks": (_update([(B, 0, [_item("t", parent=(A, 9))])]), False),
    "deleting what it lacks": (_update(deletes=[(A, 2, 2)]), False),
    "deleting another client's unknown item": (_update(deletes=[(B, 0, 1)]), False),
    "two blocks waiting on each other": (
        _update([(A, 3, [_item("d", origin=(B, 0))]), (B, 0, [_item("y", origin=(A, 3))])]),
        False,
    ),
}


# What supplies the missing part of a deletion (to see yrs leave the newcomer behind).
SUPPLIES = {
    "deleting what it lacks": _update([(A, 3, [_item("d", origin=(A, 2))])]),
    "deleting another client's unknown item": _update([(B, 0, [_item("y")])]),
}


def _yrs_leaves_it_pending(name: str) -> bool:
    """Applied by yrs after BASE, does some of the update stay out of the document?"""
    update = CASES[name][0]
    doc = Doc()
    doc.apply_update(BASE)
    doc.apply_update(update)
    state = Clocks(doc.get_state())
    for block in read_update(update).blocks:
        ends = [s.clock + s.length for s in block.structs if not s.skip]
        if ends and state.get(block.client) < max(ends):
            return True  # structs left out of the state vector: pending
    supply = SUPPLIES.get(name)
    if supply is None:
        return False
    # A deletion left pending: a newcomer joining now never gets it.
    newcomer = Doc()
    newcomer.apply_update(doc.get_update())
    doc.apply_update(supply)
    newcomer.apply_update(supply)
    return str(doc.get("content", type=Text)) != str(newcomer.get("content", type=Text))


@pytest.mark.parametrize("name", CASES)
def test_what_is_missing_is_what_yrs_keeps_pending(name):
    update, expected = CASES[name]
    base = Doc()
    base.apply_update(BASE)
    assert _integrates(read_update(update), base.get_state()) is expected
    assert _yrs_leaves_it_pending(name) is not expected


MALFORMED = {
    "empty": b"",
    "truncated struct": _update([(A, 0, [_item("abc")])])[:-3],
    "trailing bytes": BASE + b"\x00",
    "unknown content ref": _update([(A, 0, [bytes([11]) + var_uint(1) + var_string("c")])]),
    "yrs move content": _update([(A, 0, [bytes([0x0B]) + var_uint(1) + var_string("c")])]),
    "unknown type ref": _update(
        [(A, 0, [bytes([0x07]) + var_uint(1) + var_string("c") + b"\x07"])]
    ),
    "unknown any tag": _update(
        [(A, 0, [bytes([0x08]) + var_uint(1) + var_string("c") + b"\x01\x50"])]
    ),
    "any truncated": _update(
        [(A, 0, [bytes([0x08]) + var_uint(1) + var_string("c") + b"\x01\x76\x05"])]
    ),
    "string not UTF-8": _update(
        [(A, 0, [bytes([0x04]) + var_uint(1) + var_string("c") + b"\x01\xff"])]
    ),
    "one client twice": _update([(A, 0, [_item("a")]), (A, 1, [_item("b", origin=(A, 0))])]),
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_updates_raise_protocol_error(data):
    with pytest.raises(ProtocolError):
        read_update(data)


def test_deep_any_nesting_is_read_without_recursion():
    deep = b"\x75\x01" * 100_000 + b"\x7e"  # [[[…null…]]]
    update = _update([(A, 0, [bytes([0x08]) + var_uint(1) + var_string("c") + b"\x01" + deep])])
    assert _clock_count(read_update(update)) == 1


def test_clocks_of_a_state_vector_and_of_updates_counted_in():
    doc = Doc()
    doc.apply_update(BASE)
    clocks = Clocks(doc.get_state())
    assert (clocks.get(A), clocks.get(B)) == (3, 0)
    refs = read_update(CASES["typing after an item it has"][0])
    assert clocks.missing(refs) is None
    assert clocks.get(A) == 3  # checking counts nothing in
    clocks.count_in(refs)
    assert clocks.get(A) == 4
    with pytest.raises(ValueError):
        clocks.count_in(read_update(CASES["a dangling origin"][0]))


def test_a_hostile_chain_of_clients_costs_n_log_n():
    """Each client's item waits for the next block's: a pass per client would be quadratic."""
    count = 20_000
    blocks = [(client, 0, [_item("x", origin=(client + 1, 0))]) for client in range(1, count)]
    blocks.append((count, 0, [_item("x")]))
    refs = read_update(_update(blocks))
    started = time.perf_counter()
    assert _integrates(refs, b"\x00")
    assert time.perf_counter() - started < 2.0
