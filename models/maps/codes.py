"""Which attribute columns of a boundary file spell an area's BPS code, and the codes they give."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from models.ids.cells import ascii_digits
from models.maps.reading import Feature
from models.schema.maps import BoundaryLevel
from models.sheets.columns import normalize

# IDSLS is kelurahan 10 + SLS 4 + sub-SLS 2; older files give 14 digits (no sub-SLS).
LENGTHS = {BoundaryLevel.SLS: (16, 14), BoundaryLevel.KELURAHAN: (10,),
           BoundaryLevel.KECAMATAN: (7,)}
FULL = {BoundaryLevel.SLS: 16, BoundaryLevel.KELURAHAN: 10, BoundaryLevel.KECAMATAN: 7}
NAMES = {
    BoundaryLevel.SLS: ("idsls", "kodesls", "kdsls16", "idsubsls", "kode", "id"),
    BoundaryLevel.KECAMATAN: ("idkec", "idkecamatan", "kodekec", "kodekecamatan", "kdkec7",
                              "kode", "id"),
    BoundaryLevel.KELURAHAN: ("iddesa", "idkel", "idkelurahan", "kodedesa", "kodekelurahan",
                              "kddesa10", "kode", "id"),
}
# Columns giving one part of the code each, as BPS's shapefiles carry them, with widths.
PARTS = (("kdprov", 2), ("kdkab", 2), ("kdkec", 3), ("kddesa", 3), ("kdsls", 4),
         ("kdsubsls", 2))
PART_COUNT = {BoundaryLevel.KECAMATAN: 3, BoundaryLevel.KELURAHAN: 4, BoundaryLevel.SLS: 6}
SAMPLED = 200


@dataclass(frozen=True)
class CodeMapping:
    """The columns read, in order; with more than one, each part is zero-padded to its
    width (KDPROV 2, KDKAB 2, KDKEC 3, KDDESA 3, KDSLS 4, KDSUBSLS 2) and joined, then
    `suffix` added (the sub-SLS 00 of a file without that column)."""

    columns: tuple[str, ...]
    widths: tuple[int, ...] = ()
    suffix: str = ""

    def code(self, attributes: dict[str, Any], level: BoundaryLevel) -> str | None:
        """The area's full BPS code, or None when the cells do not spell one."""
        if len(self.columns) == 1 and not self.widths:
            raw = _text(attributes.get(self.columns[0]))
            if not ascii_digits(raw) or len(raw) not in LENGTHS[level]:
                return None
            return raw.ljust(FULL[level], "0")
        parts = []
        for column, width in zip(self.columns, self.widths, strict=True):
            raw = _text(attributes.get(column))
            if not ascii_digits(raw) or len(raw) > width:
                return None
            parts.append(raw.zfill(width))
        joined = "".join(parts) + self.suffix
        return joined if len(joined) == FULL[level] else None

    def label(self) -> str:
        return " + ".join(self.columns)


def parts_mapping(columns: Sequence[str], level: BoundaryLevel) -> CodeMapping | None:
    """BPS's part columns (KDPROV … KDSUBSLS) if the file has them all; an SLS file
    without KDSUBSLS reads every SLS as whole (sub-SLS 00)."""
    by_name = {normalize(c): c for c in columns}
    wanted = list(PARTS[:PART_COUNT[level]])
    suffix = ""
    if level is BoundaryLevel.SLS and "kdsubsls" not in by_name:
        wanted, suffix = wanted[:5], "00"
    if not all(name in by_name for name, _width in wanted):
        return None
    return CodeMapping(tuple(by_name[n] for n, _w in wanted), tuple(w for _n, w in wanted),
                       suffix)


def _text(value: Any) -> str:
    """A cell as text: a .dbf number field gives int or float, a GeoJSON maybe either."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return str(value).strip()


def guess_mapping(columns: Sequence[str], features: Sequence[Feature],
                  level: BoundaryLevel) -> CodeMapping | None:
    """A column named like the code whose cells spell codes; else any column whose cells do;
    else BPS's part columns. None when nothing fits."""
    sample = [f.attributes for f in features[:SAMPLED]]
    by_name = {normalize(c): c for c in columns}

    def fits(mapping: CodeMapping) -> bool:
        found = sum(mapping.code(a, level) is not None for a in sample)
        return bool(sample) and found >= max(1, len(sample) * 9 // 10)

    candidates = [CodeMapping((by_name[n],)) for n in NAMES[level] if n in by_name]
    candidates += [CodeMapping((c,)) for c in columns]
    if (parts := parts_mapping(columns, level)) is not None:
        candidates.append(parts)
    return next((m for m in candidates if fits(m)), None)
