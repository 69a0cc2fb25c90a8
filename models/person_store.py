"""Where checked person records go: the current rows of a source, new versions, replacements."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from models.batches import FieldResult, ImportKind, OnlineSubmission
from models.bulk import insert_rows
from models.person_check import MOMENT, Record

MODELS: dict[ImportKind, type[OnlineSubmission] | type[FieldResult]] = {
    ImportKind.ONLINE: OnlineSubmission, ImportKind.LAPANGAN: FieldResult,
}
COMMON = ("natural_key", "source_row", "nik", "kk", "name", "sex", "birth_date", "area_code",
          "address", "sls_id", "content_hash")
MOMENT_COLUMN = {ImportKind.ONLINE: "submitted_at", ImportKind.LAPANGAN: "visited_at"}
CHUNK = 500  # ids per UPDATE ... WHERE id IN (...)


@dataclass(frozen=True)
class Current:
    """The stored version of a person that a new row is compared with."""

    id: int
    content_hash: int
    name: str
    batch_id: int


def table_of(kind: ImportKind) -> Table:
    return MODELS[kind].__table__  # type: ignore[return-value]


def current_rows(session: Session, kind: ImportKind) -> dict[str, Current]:
    """Every current person of the source by natural key, with the digest of its values."""
    model = MODELS[kind]
    query = (select(model.natural_key, model.id, model.content_hash, model.name, model.batch_id)
             .where(model.replaced_by_batch_id.is_(None)))
    return {key: Current(pid, digest, name, batch)
            for key, pid, digest, name, batch in session.execute(query)}


class PersonWriter:
    """Inserts records of one batch in chunks and marks the versions they replace."""

    def __init__(self, session: Session, kind: ImportKind, batch_id: int) -> None:
        self.session = session
        self.kind = kind
        self.batch_id = batch_id
        self.table = table_of(kind)
        self.columns = ("batch_id", *COMMON, MOMENT_COLUMN[kind])
        if kind is ImportKind.LAPANGAN:
            self.columns += ("officer_id",)
        self.width = MOMENT + (2 if kind is ImportKind.LAPANGAN else 1)

    def write(self, records: list[Record], replaced: list[int]) -> None:
        connection = self.session.connection()
        # Old versions first: the unique index allows one current row per key.
        for ids in _chunks(replaced):
            connection.execute(update(self.table).where(self.table.c.id.in_(ids))
                               .values(replaced_by_batch_id=self.batch_id))
        width, batch = self.width, self.batch_id
        rows = [(batch, *record[:width]) for record in records]
        insert_rows(connection, self.table, self.columns, rows)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]

