"""Matching a file's header row to the fields an import needs, by name and synonym."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # Indonesian, shown in the mapping dialog and in errors
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass
class ColumnMapping:
    """Where the header is, and which column (0-based) holds each field."""

    header_row: int  # 0-based index in the sheet; of a two-row header, the lower row
    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)
    header_rows: int = 1  # 2: group titles (merged cells) above the names, read as one

    def column_name(self, key: str) -> str:
        index = self.columns.get(key)
        return self.headers[index] if index is not None and index < len(self.headers) else key


def normalize(text: Any) -> str:
    """'No. KK' -> 'nokk', 'Nama  RT ' -> 'namart': case, spaces and punctuation ignored."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def header_signature(headers: list[str]) -> str:
    """Same shape of file, same signature: used to remember a mapping."""
    joined = "|".join(normalize(h) for h in headers if normalize(h))
    return hashlib.sha1(joined.encode()).hexdigest()[:16]


def match_headers(headers: list[str], fields: list[FieldSpec]) -> dict[str, int]:
    """Exact synonym matches first; each column is used for one field at most."""
    normalized = [normalize(h) for h in headers]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for spec in fields:
        wanted = [normalize(s) for s in (spec.label, *spec.synonyms)]
        for name in wanted:
            if name in normalized:
                index = normalized.index(name)
                if index not in taken:
                    columns[spec.key] = index
                    taken.add(index)
                    break
    return columns


def combined_header(upper: list[Any], lower: list[Any]) -> list[str]:
    """A two-row header read as one: each name from the lower row or, where that cell is
    blank (a name merged down over both rows), from the row above."""
    names = []
    for index in range(max(len(upper), len(lower))):
        below = str(lower[index]).strip() if index < len(lower) else ""
        above = str(upper[index]).strip() if index < len(upper) else ""
        names.append(below or above)
    return names


def find_header(rows: list[list[Any]], fields: list[FieldSpec]) -> tuple[int, int]:
    """(header row, 1) for the row with the most recognised names, looking below title
    rows; (lower row, 2) when that row and its neighbour recognise more together: a
    group title merged over some names, and the other names merged down over both."""
    best, best_hits = 0, 0
    for index, row in enumerate(rows):
        hits = len(match_headers([str(c) for c in row], fields))
        if hits > best_hits:
            best, best_hits = index, hits
    found = (best, 1)
    for top in (best - 1, best):
        # a title row above the header has one cell (merged across, maybe): not a header
        if top >= 0 and top + 1 < len(rows) and sum(bool(str(c).strip()) for c in rows[top]) > 1:
            hits = len(match_headers(combined_header(rows[top], rows[top + 1]), fields))
            if hits > best_hits:
                found, best_hits = (top + 1, 2), hits
    return found


def find_header_row(rows: list[list[Any]], fields: list[FieldSpec]) -> int:
    """The (last) header row; 0 if none is recognised."""
    return find_header(rows, fields)[0]


def guess_mapping(rows: list[list[Any]], fields: list[FieldSpec],
                  remembered: dict[str, int] | None = None) -> ColumnMapping:
    header_row, spans = find_header(rows, fields)
    if not rows:
        headers: list[str] = []
    elif spans == 2:
        headers = combined_header(rows[header_row - 1], rows[header_row])
    else:
        headers = [str(c).strip() for c in rows[header_row]]
    columns = match_headers(headers, fields)
    if remembered:
        columns.update({k: v for k, v in remembered.items() if 0 <= v < len(headers)})
    return ColumnMapping(header_row, headers, columns, spans)


def missing_required(mapping: ColumnMapping, fields: list[FieldSpec]) -> list[FieldSpec]:
    return [f for f in fields if f.required and f.key not in mapping.columns]
