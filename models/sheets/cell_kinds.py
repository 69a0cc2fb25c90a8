"""Which cells of an xlsx sheet are not text (numbers, truth values, errors, dates), read
from the sheet's XML as it is inflated, without parsing it or holding it.

A cell's kind is its `t` attribute: text is `s`, `str` or `inlineStr`; anything else (none,
`n`, `b`, `e`, `d`) is not. The scan models only the XML Excel, LibreOffice and the usual
libraries write: every cell `<c r="A1" ...>` with its reference first and its attributes
each `name="value"` after one space. Anything else, and a sheet whose cells do not start
in column A as calamine counts them, answers None, and the caller asks calamine instead.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

import polars as pl

from models.sheets import guard as sheet_guard

# Rust regexes over the XML as polars strings: ~10x Python's, and without the lock.
_NAME = r'(?:[a-su-zA-Z:][a-zA-Z:]*|t[a-zA-Z:]+)'  # an attribute other than t
_TEXT_KINDS, _OTHER_KINDS = "s|str|inlineStr", "n|b|e|d"


def _cell_tag(letters: str, kinds: str, end: str) -> str:
    """A modelled cell tag in columns `letters` whose `t`, if any, is one of `kinds`."""
    return (rf'<c r="(?:{letters})[0-9]{{1,7}}"(?: (?:{_NAME}="[^"<>]*"|t="(?:{kinds})"))*'
            + end)


# Every cell tag (also the odd "<c>" or "<c\t"), and those of the modelled form: the two
# counts must agree, and no cell may be prefixed ("<x:c ").
_ANY_CELL = r'<c[\s>/]'
_PREFIXED = r':c[\s>/]'
_MODELLED = _cell_tag("[A-Z]{1,3}", f"{_TEXT_KINDS}|{_OTHER_KINDS}", "/?>")
_HEAD_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(/?)>')
BATCH = 8 << 20  # inflated bytes searched at a time


def _not_text_pattern(letters: list[str]) -> str:
    """Tags of these columns' cells that are neither text nor empty (`<c .../>`)."""
    return _cell_tag("|".join(letters), _OTHER_KINDS, ">")


def not_text(path: Path, sheet: str, columns: list[int]) -> dict[int, pl.Series] | None:
    """For each of `columns` (0-based from the sheet's first used column, as calamine and
    fastexcel count them), the rows (1-based, as in the sheet) of its cells that are not
    text. Empty cells may be listed too (`<c r="B2"></c>`): the caller holds them blank."""
    info = sheet_guard.sheet_part(path, sheet)
    if info is None:
        return None
    letters = {sheet_guard.column_letters(c + 1): c for c in columns}
    wanted = _not_text_pattern(sorted(letters))
    found: list[pl.DataFrame] = []
    seen_cells = False
    try:
        for data in _batches(path, info):
            if not seen_cells and b"<c " in data:
                if not _starts_in_column_a(data):
                    return None
                seen_cells = True
            xml = pl.Series([data], dtype=pl.Binary).cast(pl.String)  # the sheet is UTF-8
            every, modelled, prefixed = pl.select(
                xml.str.count_matches(_ANY_CELL), xml.str.count_matches(_MODELLED).alias("m"),
                xml.str.count_matches(_PREFIXED).alias("p")).row(0)
            if every != modelled or prefixed:
                return None
            tags = xml.str.extract_all(wanted).explode().drop_nulls()
            found.append(tags.str.extract_groups(r'^<c r="([A-Z]+)([0-9]+)"').struct.unnest()
                         .select(column=pl.col("1").replace_strict(letters,
                                                                   return_dtype=pl.Int32),
                                 row=pl.col("2").cast(pl.Int32)))
    except (sheet_guard.Unmodelled, OSError, ValueError, pl.exceptions.PolarsError):
        return None  # not UTF-8, not deflated, or cut short: calamine will say
    if not seen_cells:
        return None
    rows = pl.concat(found) if found else pl.DataFrame(schema={"column": pl.Int32,
                                                                "row": pl.Int32})
    return {column: rows.filter(pl.col("column") == column)["row"] for column in columns}


def _batches(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The sheet's XML in pieces of about BATCH bytes, each cut before a "<": a tag never
    holds one, so every tag lies whole in one piece."""
    pending: list[bytes] = []
    size = 0
    for block in chain(sheet_guard.inflated(path, info), [None]):
        if block is not None:
            pending.append(block)
            size += len(block)
            if size < BATCH:
                continue
            cut = block.rfind(b"<")
            if cut < 0:
                continue
            pending[-1], carry = block[:cut], block[cut:]
        else:
            carry = b""
        yield b"".join(pending)
        pending, size = [carry], len(carry)


def _starts_in_column_a(data: bytes) -> bool:
    """Whether the first cells hold a value in column A, so that calamine's first column is
    A and the caller's column numbers are the letters'. (The form check has made sure no
    prefixed or reference-less cell hides one.)"""
    for cell in _HEAD_CELL.finditer(data):
        if cell.group(1) != b"A" or cell.group(3):
            continue
        tag_end = cell.end() - 1
        close = data.find(b"</c>", tag_end)
        if close > 0 and sheet_guard.holds_value(data, cell.start(), tag_end, close):
            return True
    return False
