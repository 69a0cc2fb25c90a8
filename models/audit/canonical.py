"""An audit entry as the bytes its hash covers: canonical JSON, and the JSON text it is stored as.

Canonical means sorted keys, no spaces, UTF-8, nothing escaped that need not be: what
`json.dumps(…, ensure_ascii=False, sort_keys=True, separators=(",", ":"))` writes, which
every entry's hash has covered since the chain began. orjson writes the same bytes eight
times faster for text, whole numbers, truth values and null, and a bulk import hashes some
15,000 entries at once; for floats (json writes 1e-07 where orjson writes 1e-7), nested
values and anything orjson refuses, json's own encoder writes them as before.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

import orjson

_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                           allow_nan=False).encode
_PLAIN = frozenset({str, int, bool, type(None)})  # exact types: no float, no int subclass
_SORTED = orjson.OPT_SORT_KEYS


def at_text(at: datetime) -> str:
    """The stored naive-UTC time to the microsecond, as both backends keep it."""
    return at.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _flat(value: Any) -> bool:
    """A plain value, or a dict of plain values: where orjson's bytes are json's."""
    kind = type(value)
    if kind is dict:
        return _PLAIN.issuperset(map(type, value.values()))  # in C: no loop in Python
    return kind in _PLAIN


def canonical_json(value: Any) -> bytes:
    if _flat(value):
        try:
            return orjson.dumps(value, option=_SORTED)
        except (orjson.JSONEncodeError, TypeError):  # a key not text, a number too large
            pass
    return _ENCODE(value).encode()


def document(entry: dict[str, Any], at: str, prev_hash: str) -> bytes:
    """The canonical JSON of an entry's fields, `at` as text and `prev_hash`, written out in
    sorted key order (the bytes of encoding the whole document, without sorting each time)."""
    shared = _shared(_fields(entry, at))
    head = _head(entry, shared, canonical_json(entry.get("after")),
                 canonical_json(entry.get("before")))
    return b"".join((head, canonical_json(prev_hash), shared[3]))


def _fields(entry: dict[str, Any], at: str) -> tuple[Any, ...]:
    get = entry.get
    return get("action"), get("entity"), at, get("user_id"), get("username")


def _shared(fields: tuple[Any, ...]) -> tuple[bytes, bytes, bytes, bytes]:
    """The document around its after, before, entity_id and prev_hash."""
    action, entity, at, user_id, username = map(canonical_json, fields)
    return (b'{"action":' + action + b',"after":', b',"at":' + at + b',"before":',
            b',"entity":' + entity + b',"entity_id":',
            b',"user_id":' + user_id + b',"username":' + username + b"}")


def _head(entry: dict[str, Any], shared: tuple[bytes, bytes, bytes, bytes],
          after: bytes, before: bytes) -> bytes:
    """The document up to prev_hash's value."""
    entity_id = entry.get("entity_id")
    return b"".join((shared[0], after, shared[1], before, shared[2],
                     orjson.dumps(entity_id) if type(entity_id) is str
                     else canonical_json(entity_id), b',"prev_hash":'))


def encoded(value: Any) -> tuple[bytes, str]:
    """`canonical_json(value)`, and the text a JSON column keeps: keys in their own order
    (the log shows them so). The value's types are looked at once for both."""
    if value is None:
        return b"null", "null"
    if _flat(value):
        try:
            return orjson.dumps(value, option=_SORTED), orjson.dumps(value).decode()
        except (orjson.JSONEncodeError, TypeError):
            pass
    return _ENCODE(value).encode(), json.dumps(value, allow_nan=False)


class Encoded(NamedTuple):
    """An entry as `Documents.encode` gives it: its document around prev_hash's JSON, and
    the text its before and after are stored as."""

    head: bytes
    tail: bytes
    before: str
    after: str


class Documents:
    """`document()` of many entries in two parts, before and after prev_hash's JSON, made
    before their hashes are linked; the fields entries share (the time, the actor, the
    action and entity of a bulk write) written once for all."""

    def __init__(self) -> None:
        self._shared: dict[tuple[Any, ...], tuple[bytes, bytes, bytes, bytes]] = {}
        # The fields of the entry before and their parts; no entry's fields are these.
        self._last: tuple[Any, ...] = (object(),) * 5
        self._last_shared: tuple[bytes, bytes, bytes, bytes] = (b"", b"", b"", b"")

    def _shared_of(self, fields: tuple[Any, ...]) -> tuple[bytes, bytes, bytes, bytes]:
        last = self._last
        # A bulk write's entries hold the very same objects: no key to build and look up.
        if (fields[0] is last[0] and fields[1] is last[1] and fields[2] is last[2]
                and fields[3] is last[3] and fields[4] is last[4]):
            return self._last_shared
        key = (*fields, *map(type, fields))  # by type too: True and 1 are equal keys
        try:
            shared = self._shared.get(key)
        except TypeError:  # a value that cannot be a key: written out each time
            return _shared(fields)
        if shared is None:
            shared = self._shared[key] = _shared(fields)
        self._last, self._last_shared = fields, shared
        return shared

    def encode(self, entry: dict[str, Any], at: str) -> Encoded:
        shared = self._shared_of(_fields(entry, at))
        before, stored_before = encoded(entry.get("before"))
        after, stored_after = encoded(entry.get("after"))
        return Encoded(_head(entry, shared, after, before), shared[3], stored_before,
                       stored_after)
