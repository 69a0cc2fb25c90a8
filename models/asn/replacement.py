"""Which OPD lists an ASN file would replace, with how many people each holds now and then."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.ids.cells import text
from models.schema.asn import Agency, AsnEmployee
from models.sheets.columns import ColumnMapping, normalize
from models.sheets.importing import data_rows


@dataclass(frozen=True)
class ListReplacement:
    agency: str  # the stored OPD's name
    current: int  # ASN on its list now
    incoming: int  # ASN for it in the file, which replace them


def replaced_lists(session: Session, path: Path, mapping: ColumnMapping, *, sheet: str | None,
                   agency: str | None) -> list[ListReplacement]:
    """The stored OPD lists (not empty) that importing `path` would replace, in file order.

    An OPD is named by the file's OPD column, or for a file without one by `agency`; names
    are matched as the import matches them (case and spacing aside).
    """
    incoming: Counter[str] = Counter()
    default = (agency or "").strip()
    for _row, values in data_rows(path, sheet, mapping):
        name = text(values.get("opd")) if "opd" in mapping.columns else ""
        if name := (name or default):
            incoming[normalize(name)] += 1
    if not incoming:
        return []
    stored = session.execute(
        select(Agency.name, func.count(AsnEmployee.id))
        .join(AsnEmployee, AsnEmployee.agency_id == Agency.id)
        .group_by(Agency.id, Agency.name)).all()
    current = {normalize(name): (name, count) for name, count in stored}
    return [ListReplacement(current[key][0], current[key][1], count)
            for key, count in incoming.items() if key in current and current[key][1]]
