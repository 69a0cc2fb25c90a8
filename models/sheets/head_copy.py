"""The first rows of a large xlsx sheet as a small workbook of its own, for the preview.

calamine (through either binding) loads a whole sheet before giving its first row: a million
rows cost 12 s and 850 MB just to show thirty. The copy holds the workbook's parts as they
are, the sheet's XML cut after its first rows, and the shared strings cut after the last one
those rows name; calamine reads it with the same styles and date formats, so every cell it
gives is the cell it would give from the whole file.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from models.sheets import guard as sheet_guard

LARGE = 8 << 20  # sheet XML (inflated) at which the copy pays: ~100,000 rows of 10 columns
SMALL_PART = 1 << 24  # other parts copied as they are up to this size
_ROW_END = re.compile(rb"<row\b[^>]*/>|</row>")
_SI_END = re.compile(rb"<si\b[^>]*/>|</si>")
_DIMENSION = re.compile(rb"<dimension\b[^>]*/>")  # calamine may reserve the range it claims
_COUNTS = re.compile(rb"""\s(?:count|uniqueCount)\s*=\s*(["'])[^"']*\1""")
_SST_START = re.compile(rb"<sst\b[^>]*>")
_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*>")
_CLOSING = b"</sheetData></worksheet>"


class _Unsuited(Exception):
    """The file is read whole instead (small, odd, or cut nowhere)."""


@dataclass(frozen=True)
class HeadCopy:
    """The copy, and the sheets' members that were cut (the others are there whole)."""

    path: Path
    cut: frozenset[str]

    def was_cut(self, source: Path, sheet: str) -> bool:
        member = sheet_guard.sheet_part(source, sheet)
        return member is None or member.filename in self.cut


@contextmanager
def head_workbook(path: Path, rows: int) -> Iterator[HeadCopy | None]:
    """A temporary workbook holding every large sheet's first `rows` row elements (and the
    small ones whole), or None when no sheet is large or the XML is not the kind the cut
    models: then the file itself is read."""
    folder = Path(tempfile.mkdtemp(prefix="kendali-kepala-"))
    try:
        target = folder / f"kepala{path.suffix.lower()}"
        try:
            cut = _write(path, rows, target)
        except (_Unsuited, sheet_guard.Unmodelled, OSError, ValueError, EOFError,
                zipfile.BadZipFile, zlib.error, ElementTree.ParseError):
            yield None
        else:
            yield HeadCopy(target, frozenset(cut))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write(path: Path, rows: int, target: Path) -> set[str]:
    with zipfile.ZipFile(path) as source:
        infos = source.infolist()
        sheets = [info for info in infos if _is_sheet(info.filename)]
        if not any(info.file_size >= LARGE for info in sheets):
            raise _Unsuited("small")
        kept: dict[str, bytes] = {}
        cut: set[str] = set()
        for info in sheets:
            if info.file_size >= LARGE and (head := _cut_sheet(path, info, rows)) is not None:
                kept[info.filename] = head
                cut.add(info.filename)
            elif info.file_size <= SMALL_PART:  # small, or no more rows than the head
                kept[info.filename] = source.read(info)
            else:
                raise _Unsuited("a sheet neither small nor large")
        strings = sheet_guard.strings_part(path)
        needed = max((_strings_needed(xml) for xml in kept.values()), default=0)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy:
            for info in infos:
                if info.filename in kept:
                    copy.writestr(info.filename, kept[info.filename])
                elif strings is not None and info.filename == strings.filename:
                    copy.writestr(info.filename, _cut_strings(path, strings, needed))
                elif info.file_size <= SMALL_PART:
                    copy.writestr(info.filename, source.read(info))
                # any other large part (pictures, pivot caches) holds no cell
    return cut


def _is_sheet(name: str) -> bool:
    lowered = name.replace("\\", "/").lower()
    return "/worksheets/" in lowered and lowered.endswith(".xml")


def _prefix(path: Path, member: zipfile.ZipInfo, pattern: re.Pattern[bytes],
            count: int) -> bytes | None:
    """The part's XML up to the end of the `count`-th match of `pattern`, inflated only that
    far; None if it has fewer."""
    taken = bytearray()
    counted, searched_from = 0, 0
    for block in sheet_guard.inflated(path, member):
        taken += block
        for found in pattern.finditer(taken, searched_from):
            counted += 1
            if counted == count:
                return bytes(taken[:found.end()])
            searched_from = found.end()
        # a tag cut by the block's end begins at its last '<': searched again from there
        searched_from = max(searched_from, taken.rfind(b"<"))
    return None


def _cut_sheet(path: Path, member: zipfile.ZipInfo, rows: int) -> bytes | None:
    """The sheet's XML up to the end of its `rows`-th row element, closed again; None if
    it has no more rows than that."""
    prefix = _prefix(path, member, _ROW_END, rows)
    if prefix is None:
        return None
    data = _SHEET_DATA.search(prefix)
    # prefixed elements (<x:row>) are not what the cut looks for
    if data is None or re.search(rb"<[\w.-]+:(?:row|c|worksheet|sheetData)\b", prefix):
        raise _Unsuited("unmodelled sheet XML")
    return _DIMENSION.sub(b"", prefix[:data.start()]) + prefix[data.start():] + _CLOSING


def _strings_needed(sheet_xml: bytes) -> int:
    """How many shared strings the cut sheet names (the highest index, plus one)."""
    highest = -1
    for element in ElementTree.fromstring(sheet_xml).iter():
        if element.tag.rsplit("}", 1)[-1] != "c" or element.get("t") != "s":
            continue
        for child in element:
            if child.tag.rsplit("}", 1)[-1] == "v" and child.text and child.text.strip():
                highest = max(highest, int(child.text))
    return highest + 1


def _cut_strings(path: Path, member: zipfile.ZipInfo, needed: int) -> bytes:
    """The shared-string table up to its `needed`-th entry, without the counts it claims."""
    prefix = (_prefix(path, member, _SI_END, needed) if needed
              else _prefix(path, member, _SST_START, 1))
    if prefix is None:
        raise _Unsuited("fewer shared strings than the cells name")
    start = _SST_START.search(prefix)
    if start is None:
        raise _Unsuited("no shared-string table")
    return _COUNTS.sub(b"", prefix[:start.end()]) + prefix[start.end():] + b"</sst>"
