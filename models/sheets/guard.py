"""Bounding a sheet's used range before calamine loads it: a huge range aborts the process."""
from __future__ import annotations

import logging
import math
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from xml.etree import ElementTree

from models.formatting import format_number
from models.sheets import probe as sheet_probe

log = logging.getLogger(__name__)

# calamine holds every cell of a used range, 32 bytes each (ods: ~70 with its formula
# range): 40 million cells is 1.3 GB, what an 8 GB office PC can spare, and still
# Excel's full 1,048,576 rows by 38 columns.
CELL_BUDGET = 40_000_000
CHUNK = 1 << 18  # compressed bytes inflated at a time: the output stays in the CPU cache
FLOOD = 64  # matches beyond the box before it is widened to what was seen


@dataclass(frozen=True)
class Extent:
    """How many rows and columns calamine will hold, counted from A1; and the formula
    cells saved without a result, which calamine reads as blank."""

    rows: int
    cols: int
    uncomputed: tuple[str, ...] = ()  # the first such cells' references (a few)
    uncomputed_count: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def far_cell(self) -> str:
        return f"{column_letters(self.cols)}{self.rows}"


class Unmodelled(Exception):
    """The cheap scan met XML it does not model; the sheet is probed in a child instead."""


def column_letters(number: int) -> str:
    """1 -> 'A', 27 -> 'AA', 16384 -> 'XFD'."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def too_large(name: str, sheet: str, extent: Extent) -> str:
    return (f"Berkas {name}, lembar {sheet}: rentang terpakai sampai sel terjauh "
            f"{extent.far_cell} ({format_number(extent.rows)} baris × "
            f"{format_number(extent.cols)} kolom = {format_number(extent.cells)} sel), melebihi "
            f"batas {format_number(CELL_BUDGET)} sel. Hapus isi sel di luar tabel (atau baris "
            "dan kolom kosong di ujungnya) lalu simpan ulang.")


# ---------------------------------------------------------------- entry point, cached

_lock = threading.Lock()
_seen: dict[tuple[str, int, int, str | None], str | None] = {}


def refusal(path: Path, sheet: str | None) -> str | None:
    """Why calamine must not open `path` (sheet None) or load its `sheet`; None when safe.

    xlsx is scanned (the sheet's XML, streamed), ods too (every table, as calamine reads
    them all on opening); xls and xlsb, binary, are opened in a child process first.
    """
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sheet)
    with _lock:
        if key in _seen:
            return _seen[key]
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            answer = _xlsx_refusal(path, sheet)
        elif suffix == ".ods":
            answer = _ods_refusal(path)
        elif suffix in (".xls", ".xlsb"):
            answer = _probe_refusal(path, sheet if suffix == ".xlsb" else None)
        else:
            answer = None
    except (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error, struct.error) as exc:
        log.info("%s: the scan failed (%s); probing in a child", path.name, exc)
        answer = _probe_refusal(path, sheet)
    with _lock:
        if len(_seen) > 64:
            _seen.clear()
        _seen[key] = answer
    return answer


# ---------------------------------------------------------------- xlsx

def _xlsx_refusal(path: Path, sheet: str | None) -> str | None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # calamine refuses it with an error of its own
    with archive:
        names = _members(archive)
        book = _workbook_folder(archive, names)
        strings = names.get(f"{book}sharedstrings.xml")
        if strings is not None and (problem := _strings_refusal(path, archive, strings)):
            return problem
        if sheet is None:
            return None
        member = _sheet_member(archive, names, book, sheet)
        if member is None:  # not found as calamine would find it: let calamine show us
            return _probe_refusal(path, sheet)
        try:
            extent = scan_xlsx_sheet(path, member)
        except Unmodelled as odd:
            log.info("%s, %s: %s; probing in a child", path.name, sheet, odd)
            return _probe_refusal(path, sheet)
    if extent.cells > CELL_BUDGET:
        return too_large(path.name, sheet, extent)
    return uncomputed_formulas(path.name, sheet, extent) if extent.uncomputed_count else None


def sheet_part(path: Path, sheet: str) -> zipfile.ZipInfo | None:
    """The zip member holding `sheet`'s XML, found as calamine finds it; None if it is not."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = _members(archive)
            return _sheet_member(archive, names, _workbook_folder(archive, names), sheet)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def strings_part(path: Path) -> zipfile.ZipInfo | None:
    """The zip member holding the shared strings, found as calamine finds it; None if none."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = _members(archive)
            return names.get(f"{_workbook_folder(archive, names)}sharedstrings.xml")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's members by name as calamine looks them up: "/" for "\\", any case."""
    return {n.replace("\\", "/").lower(): archive.getinfo(n) for n in archive.namelist()}


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = 1 << 24) -> bytes:
    with archive.open(info) as handle:
        return handle.read(limit)


def _workbook_folder(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> str:
    """Where workbook.xml is ('xl/'), as calamine finds it: the officeDocument relationship."""
    rels = names.get("_rels/.rels")
    if rels is not None:
        try:
            for element in ElementTree.fromstring(_read_small(archive, rels)).iter():
                if element.get("Type", "").endswith("/relationships/officeDocument"):
                    target = element.get("Target", "")
                    return target[:target.rfind("/") + 1].lstrip("/")
        except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
            pass
    return "xl/"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sheet_member(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo], book: str,
                  sheet: str) -> zipfile.ZipInfo | None:
    try:
        workbook = ElementTree.fromstring(_read_small(archive, names[f"{book}workbook.xml"]))
        relations = ElementTree.fromstring(
            _read_small(archive, names[f"{book}_rels/workbook.xml.rels"]))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    targets = {r.get("Id"): r.get("Target", "") for r in relations.iter()
               if _local(r.tag) == "Relationship"}
    for element in workbook.iter():
        if _local(element.tag) == "sheet" and element.get("name") == sheet:
            rel = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            target = targets.get(rel)
            if target is None:
                return None
            member = target[1:] if target.startswith("/") else book + target
            return names.get(member.replace("\\", "/").lower())
    return None


def _strings_refusal(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """calamine reserves room for the `uniqueCount` the shared strings claim, unchecked."""
    with archive.open(info) as handle:
        head = handle.read(4096)
    found = re.search(rb'uniqueCount\s*=\s*["\']\s*([0-9]+)', head)
    # each string takes at least '<si/>', 5 bytes; and no more strings than cells
    if found and int(found.group(1)) > min(CELL_BUDGET, max(info.file_size, 1 << 20) // 5):
        return (f"Berkas {path.name} rusak: daftar teksnya mengaku berisi "
                f"{format_number(int(found.group(1)))} teks. Buka di Excel atau LibreOffice, "
                "simpan ulang, lalu impor lagi.")
    return None


def inflated(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes, inflated a chunk at a time (no CRC pass: calamine checks it)."""
    if info.flag_bits & 1:
        raise Unmodelled("encrypted member")
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            raise Unmodelled("no local header")
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        handle.seek(info.header_offset + 30 + name_length + extra_length)
        left = info.compress_size
        if info.compress_type == zipfile.ZIP_STORED:
            while left > 0 and (block := handle.read(min(left, CHUNK))):
                left -= len(block)
                yield block
            return
        if info.compress_type != zipfile.ZIP_DEFLATED:
            raise Unmodelled(f"compression {info.compress_type}")
        inflater = zlib.decompressobj(-15)
        try:
            while left > 0 and (block := handle.read(min(left, CHUNK))):
                left -= len(block)
                yield inflater.decompress(block)
            yield inflater.flush()
        except zlib.error as exc:
            raise Unmodelled(f"inflate: {exc}") from exc


def _at_most(text: str, lowest: str, same: str, then: str) -> str:
    """A regex for `same` chars that, read to `then`, spell at most `text`: shorter, or as
    long and not sorting after it (a column in bijective base 26, a row number). Each
    alternative ends in `then` and takes its run possessively: no backtracking."""
    def one(char: str) -> str:
        return f"[{char}{char.lower()}]" if char.isalpha() else char

    def below(char: str) -> str:
        last = chr(ord(char) - 1)
        return (f"[{lowest}-{last}{lowest.lower()}-{last.lower()}]" if char.isalpha()
                else f"[{lowest}-{last}]")

    length = len(text)
    parts = [f"{same}{{1,{length - 1}}}+{then}"] if length > 1 else []
    for index, char in enumerate(text):
        if char > lowest:
            rest = length - index - 1
            parts.append("".join(one(c) for c in text[:index]) + below(char)
                         + (f"{same}{{{rest}}}" if rest else "") + then)
    parts.append("".join(one(c) for c in text) + then)
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=64)
def _ref_at_most(cols: int, rows: int) -> bytes:
    """A cell reference inside cols × rows, closing quote included."""
    letters = _at_most(column_letters(cols), "A", "[A-Za-z]", "(?=[0-9])")
    # shorter numbers are smaller; a leading zero only makes a row read exactly
    return (letters + _at_most(str(rows), "0", "[0-9]", '"')).encode()


@lru_cache(maxsize=64)
def _beyond(cols: int, rows: int) -> re.Pattern[bytes]:
    """Cell tags that are not a plain `<c r="..."` inside cols × rows (or not plain at all)."""
    # 'c' is the literal the regex hunts for (every '<' would be slower); the lookbehind
    # keeps '<c' and ':c', so prefixed cells are found in the same pass
    return re.compile(rb'c(?<=[<:]c)(?! r="' + _ref_at_most(cols, rows) + rb")[\s/>]")


_REF = re.compile(rb'\sr\s*=\s*(["\'])([A-Za-z]*)([0-9]*)\1')
# A formula cell with no result: no <v>, or an empty one without t="str" (Excel writes an
# empty text result as t="str" with <v></v>; a number result is never empty). openpyxl
# and scripts write formulas so; Excel and LibreOffice always store the result.
_UNCOMPUTED = re.compile(
    rb'<c\b([^>]*)>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')
_TEXT_RESULT = re.compile(rb'\st\s*=\s*["\']str["\']')
SHOWN_CELLS = 3
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|is)[\s/>]")
MAX_CARRY = 1 << 26  # an unclosed cell this long is not a sheet the scan models


_EMPTY_V = re.compile(rb"<v\s*/>|<v>\s*</v>")
_TYPE = re.compile(rb'\st\s*=\s*["\']([^"\']*)')


def holds_value(data: bytes, start: int, tag_end: int, close: int) -> bool:
    """Whether calamine keeps the cell: a <v> or <is> child, but not an empty <v> of a
    number, shared string, boolean or error (calamine reads those as empty)."""
    found = _VALUE.search(data, tag_end, close)
    if found is None:
        return False
    if _EMPTY_V.fullmatch(data, found.start(), close) is None:
        return True
    kind = _TYPE.search(data, start, tag_end)
    return kind is not None and kind.group(1) not in (b"n", b"s", b"b", b"e")


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def scan_xlsx_sheet(path: Path, info: zipfile.ZipInfo) -> Extent:
    """The sheet's extent from its cell references, without parsing the XML.

    A regex passes every plain cell inside a box of columns × rows at C speed and stops at
    the others, which are read exactly; the box grows with what is read, but stays within
    the budget while the cells do. Cells without a value (formatting only) are skipped, as
    calamine skips them. XML the regex does not model (cells without `r`, prefixed cell
    elements) raises Unmodelled.
    """
    box_cols, box_rows = 26, 1024
    rows = cols = 0  # of cells holding a value, read exactly
    seen_rows = seen_cols = 0  # of any cell read exactly, to grow the box
    pattern = _beyond(box_cols, box_rows)
    carry = b""
    uncomputed: dict[bytes, None] = {}  # references, in order; a carried cell seen twice
    for block in chain(inflated(path, info), [None]):
        data = carry + (block or b"")
        if not carry and (data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:64]):
            raise Unmodelled("not UTF-8")
        # a match starting in the last bytes is found again with the next block
        safe = len(data) - (64 if block is not None else 0)
        if b"<f" in data:  # only sheets with formulas pay for this
            _note_uncomputed(data, uncomputed)
        position, carry_from, matches = 0, -1, 0
        while (found := pattern.search(data, position)) is not None and found.start() < safe:
            start = found.start() - 1
            if data[start] != 60:  # '<'
                raise Unmodelled("prefixed cell elements")
            tag_end = data.find(b">", found.end() - 1)
            empty = tag_end > 0 and data[tag_end - 1] == 47  # '<c .../>' (47 is '/')
            close = -1 if empty or tag_end < 0 else data.find(b"</c>", tag_end)
            if not empty and close < 0:
                carry_from = start  # the cell goes on in the next block
                break
            valued = not empty and holds_value(data, start, tag_end, close)
            position = tag_end + 1 if empty else close + 4
            references = _REF.findall(data, start, tag_end + 1)  # all, if r comes twice
            if not references:
                if valued:
                    raise Unmodelled("a cell without r")
                continue
            row = max(int(digits or 0) for _quote, _letters, digits in references)
            col = max(_column_number(letters) for _quote, letters, _digits in references)
            seen_rows, seen_cols = max(seen_rows, row), max(seen_cols, col)
            if valued:
                rows, cols = max(rows, row), max(cols, col)
            matches += 1
            if matches > FLOOD:
                matches = 0
                box_cols = max(box_cols, seen_cols)
                box_rows = max(box_rows, _grown_rows(seen_rows, box_cols))
                pattern = _beyond(box_cols, box_rows)
        if carry_from < 0:
            carry_from = max(safe - 1, position, 0)  # the byte before a carried "c" too
        carry = data[carry_from:]
        if len(carry) > MAX_CARRY:
            raise Unmodelled("a cell that never closes")
    # cells not read exactly lie inside the last box: that bounds the extent
    shown = tuple(ref.decode("ascii", "replace") for ref in list(uncomputed)[:SHOWN_CELLS])
    bound = Extent(max(rows, box_rows), max(cols, box_cols), shown, len(uncomputed))
    if bound.cells <= CELL_BUDGET:
        return bound
    if rows * cols > CELL_BUDGET:
        return Extent(rows, cols, shown, len(uncomputed))
    raise Unmodelled("the bound is above the budget, the cells read exactly are not")


def _note_uncomputed(data: bytes, found: dict[bytes, None]) -> None:
    for cell in _UNCOMPUTED.finditer(data):
        attributes = cell.group(1)
        if _TEXT_RESULT.search(attributes):
            continue
        reference = _REF.search(attributes)
        key = (reference.group(2) + reference.group(3)).upper() if reference else \
            f"#{len(found) + 1}".encode()
        found[key] = None


def uncomputed_formulas(name: str, sheet: str, extent: Extent) -> str:
    cells = ", ".join(extent.uncomputed)
    return (f"Berkas {name}, lembar {sheet}: {format_number(extent.uncomputed_count)} sel berisi "
            f"rumus tanpa hasil tersimpan (mis. sel {cells}); program yang menulisnya tidak "
            "menghitung rumus, sehingga isinya akan terbaca kosong. Buka berkasnya di Excel atau "
            "LibreOffice lalu simpan ulang, atau salin kolomnya dan tempel sebagai nilai, lalu "
            "impor lagi.")


def _grown_rows(seen: int, box_cols: int) -> int:
    """Room for the rows to come (10 % more), but within the budget while the rows are."""
    cap = CELL_BUDGET // box_cols
    wanted = math.ceil(seen * 1.1) + 1024
    return min(wanted, cap) if seen <= cap else wanted


# ---------------------------------------------------------------- ods

_ODS_PART = re.compile(
    rb"<table:table-row(?=[\s/>])([^>]*?)(/?)>|<table:table(?=[\s>])([^>]*)>|</table:table>")
_ROW_END = b"</table:table-row>"
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
_REPEAT = re.compile(rb'number-(?:rows|columns)-repeated\s*=\s*["\']\s*([0-9]+)')
_NAME = re.compile(rb'table:name\s*=\s*"([^"]*)"')


def _repeat(attributes: bytes) -> int:
    found = _REPEAT.search(attributes) if b"repeated" in attributes else None
    return int(found.group(1)) if found else 1


def _row_width(cells: bytes) -> int:
    """Columns up to the row's last cell holding a value or a formula, repeats counted."""
    if b"office:" not in cells and b"table:formula" not in cells:
        return 0
    if b"repeated" not in cells:  # LibreOffice's usual row: no cell repeated
        return cells.count(b"<table:table-cell") + cells.count(b"<table:covered-table-cell")
    width = at = 0
    for cell in _ODS_CELL.finditer(cells):
        attributes = cell.group(1)
        at += _repeat(attributes)
        if b"office:" in attributes or b"table:formula" in attributes:
            width = at
    return width


def _ods_refusal(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None  # calamine refuses it with an error of its own
    try:
        for name, extent in scan_ods_tables(path, info):
            if extent.cells > CELL_BUDGET:
                return too_large(path.name, name, extent)
    except Unmodelled as odd:
        log.info("%s: %s; probing in a child", path.name, odd)
        return _probe_refusal(path, None)
    return None


def scan_ods_tables(path: Path, info: zipfile.ZipInfo) -> Iterator[tuple[str, Extent]]:
    """Each table's extent, counting repeated rows and cells as calamine expands them.

    calamine reads every table when it opens the file. A cell counts when it has a value
    or a formula; trailing empty cells and rows do not.
    """
    name, rows, cols, row_at = "", 0, 0, 0
    carry = b""
    for block in chain(inflated(path, info), [None]):
        data = carry + (block or b"")
        position = 0
        while (part := _ODS_PART.search(data, position)) is not None:
            row_attributes, closed, table_attributes = part.groups()
            if row_attributes is not None:
                end = part.end()
                cells = b""
                if not closed:
                    close = data.find(_ROW_END, end)
                    if close < 0:
                        break  # the row goes on in the next block
                    cells, end = data[end:close], close + len(_ROW_END)
                repeat = _repeat(row_attributes)
                if cells and (width := _row_width(cells)):
                    rows, cols = row_at + repeat, max(cols, width)
                row_at += repeat
                position = end
                continue
            if table_attributes is not None:
                found = _NAME.search(table_attributes)
                name = found.group(1).decode("utf-8", "replace") if found else ""
                rows = cols = row_at = 0
            else:
                yield name, Extent(rows, cols)
                name, rows, cols, row_at = "", 0, 0, 0
            position = part.end()
        else:  # a tag cut short begins at the last '<' (none can be inside attributes)
            last = data.rfind(b"<", position)
            position = len(data) if last < 0 else last
        carry = data[position:]
        if len(carry) > MAX_CARRY:
            raise Unmodelled("a row that never closes")


# ---------------------------------------------------------------- probing in a child

def _probe_refusal(path: Path, sheet: str | None) -> str | None:
    """Open the workbook (and load `sheet`) in a child process; its death is a refusal."""
    probed = sheet_probe.probe(path, sheet)
    if probed is None:  # no child could run: read as before
        return None
    if probed.died:
        where = f", lembar {sheet}" if sheet else ""
        return (f"Berkas {path.name}{where} tidak dapat dibaca dengan aman: pembacanya "
                "berhenti, mungkin karena rentang terpakainya sangat besar atau berkasnya "
                "rusak. Hapus isi sel di luar tabel lalu simpan ulang, atau simpan ulang "
                "sebagai xlsx.")
    for name, (rows, cols) in probed.extents.items():
        if rows * cols > CELL_BUDGET:
            return too_large(path.name, name, Extent(rows, cols))
    return None  # or calamine's own error, which the load in this process raises again
