"""Finding formulas in an .xls whose stored results were never computed (0 or blank)."""
from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FREE_OR_END = 0xFFFFFFFA  # sector ids from here up end a chain
BOF, EOF, BOUNDSHEET, FORMULA, STRING = 0x0809, 0x000A, 0x0085, 0x0006, 0x0207
BETWEEN = {0x04BC, 0x0221, 0x0236}  # SHRFMLA, ARRAY, TABLE: may sit between FORMULA and STRING


@dataclass
class SheetFormulas:
    """A sheet's formula cells, and those whose stored result looks like a placeholder."""

    count: int = 0
    placeholders: list[tuple[int, int]] = field(default_factory=list)  # (row, col), 0-based


class _Malformed(Exception):
    """Not a compound file this reader follows; the check is skipped (calamine decides)."""


def _workbook_stream(data: bytes) -> bytes:
    """The 'Workbook' (BIFF8) or 'Book' (BIFF5) stream of an OLE compound file."""
    if data[:8] != SIGNATURE or len(data) < 512:
        raise _Malformed("no compound file signature")
    sector = 1 << struct.unpack_from("<H", data, 30)[0]
    mini = 1 << struct.unpack_from("<H", data, 32)[0]
    if sector not in (512, 4096) or mini != 64:
        raise _Malformed("sector sizes")
    first_dir, = struct.unpack_from("<I", data, 48)
    cutoff, first_minifat = struct.unpack_from("<II", data, 56)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    sectors = (len(data) - 512) // sector + 1

    def at(number: int) -> bytes:
        start = (number + 1) * sector  # the header fills sector -1
        if number >= sectors or start >= len(data):
            raise _Malformed(f"sector {number} beyond the file")
        return data[start:start + sector]

    fat_sectors = list(struct.unpack_from("<109I", data, 76))
    next_difat = first_difat
    for _ in range(min(difat_count, sectors)):
        if next_difat >= FREE_OR_END:
            break
        block = at(next_difat)
        entries = struct.unpack(f"<{sector // 4}I", block)
        fat_sectors.extend(entries[:-1])
        next_difat = entries[-1]
    fat: list[int] = []
    for number in fat_sectors:
        if number < FREE_OR_END:
            fat.extend(struct.unpack(f"<{sector // 4}I", at(number)))

    def chain(start: int, table: list[int]) -> Iterator[int]:
        seen = 0
        while start < FREE_OR_END:
            if start >= len(table) or seen > len(table):
                raise _Malformed("broken chain")
            yield start
            seen += 1
            start = table[start]

    directory = b"".join(at(n) for n in chain(first_dir, fat))
    root = None
    wanted = None
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset:offset + 128]
        length, kind = struct.unpack_from("<HB", entry, 64)
        name = entry[:max(length - 2, 0)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<II", entry, 116)
        if kind == 5:
            root = (start, size)
        elif kind == 2 and name in ("Workbook", "Book") and wanted is None:
            wanted = (start, size)
    if wanted is None or root is None:
        raise _Malformed("no Workbook stream")
    start, size = wanted
    if size > len(data):
        raise _Malformed("stream larger than the file")
    if size >= cutoff:
        return b"".join(at(n) for n in chain(start, fat))[:size]
    minifat: list[int] = []
    for number in chain(first_minifat, fat):
        minifat.extend(struct.unpack(f"<{sector // 4}I", at(number)))
    ministream = b"".join(at(n) for n in chain(root[0], fat))
    return b"".join(ministream[n * mini:(n + 1) * mini] for n in chain(start, minifat))[:size]


def _records(stream: bytes, offset: int) -> Iterator[tuple[int, int, int]]:
    """(type, start of data, length) of each record from `offset`."""
    end = len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, offset + 4, length
        offset += 4 + length


def _sheet_offsets(stream: bytes) -> dict[str, int]:
    sheets: dict[str, int] = {}
    for kind, start, length in _records(stream, 0):
        if kind == EOF:
            break
        if kind == BOUNDSHEET and length >= 8:
            offset, = struct.unpack_from("<I", stream, start)
            chars, flags = stream[start + 6], stream[start + 7]
            raw = stream[start + 8:start + length]
            name = (raw[:chars * 2].decode("utf-16-le", "replace") if flags & 1
                    else raw[:chars].decode("latin-1"))
            sheets[name] = offset
    return sheets


def _placeholder(result: bytes, following: int, head: bytes) -> bool:
    """A stored result of 0 or '' (or none at all), which a program that does not
    calculate leaves; `following` is the next record and `head` its first bytes."""
    if result[6:8] != b"\xff\xff":
        return struct.unpack("<d", result)[0] == 0.0
    kind = result[0]
    if kind == 3:  # an empty string
        return True
    if kind == 0:  # a string, kept in the STRING record that follows (cch first)
        return following != STRING or head[:2] == b"\0\0"
    return False  # a boolean or an error: a real result


def scan(path: Path) -> dict[str, SheetFormulas] | None:
    """Every sheet's formulas; None when the file is not a BIFF workbook this follows."""
    try:
        stream = _workbook_stream(path.read_bytes())
        found: dict[str, SheetFormulas] = {}
        for name, offset in _sheet_offsets(stream).items():
            formulas = found.setdefault(name, SheetFormulas())
            pending: tuple[int, int, bytes] | None = None
            depth = 0
            for kind, start, length in _records(stream, offset):
                if pending is not None and kind not in BETWEEN:
                    row, col, result = pending
                    pending = None
                    if _placeholder(result, kind, stream[start:start + 2]):
                        formulas.placeholders.append((row, col))
                if kind == BOF:
                    depth += 1
                elif kind == EOF:
                    depth -= 1
                    if depth <= 0:
                        break
                elif kind == FORMULA and depth == 1 and length >= 20:
                    row, col = struct.unpack_from("<HH", stream, start)
                    formulas.count += 1
                    pending = (row, col, stream[start + 6:start + 14])
        return found
    except (_Malformed, struct.error, IndexError, OSError, MemoryError) as exc:
        log.info("%s: formulas not checked (%s)", path.name, exc)
        return None


def never_computed(found: dict[str, SheetFormulas]) -> bool:
    """Every formula of the workbook holds 0 or '': the program that wrote it (a script,
    an export that does not calculate) left placeholders instead of results."""
    total = sum(f.count for f in found.values())
    return total > 0 and sum(len(f.placeholders) for f in found.values()) >= total
