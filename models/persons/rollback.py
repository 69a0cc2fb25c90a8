"""Rolling back an import batch from the Impor page: its rows go, what it replaced returns."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.errors import KendaliError
from models.persons.day_counts import recount
from models.persons.store import lock_source, table_of
from models.schema.base import utcnow
from models.schema.batches import (
    PERSON_KINDS,
    BatchConfirmation,
    BatchStatus,
    ImportBatch,
    ImportKind,
    SlsRecap,
)

log = logging.getLogger(__name__)


class RollbackError(KendaliError):
    """This batch cannot be rolled back (already rolled back, or master data)."""


@dataclass(frozen=True)
class RollbackReport:
    batch_id: int
    removed: int  # rows of the batch taken out
    restored: int  # older versions current again


def rollback_batch(session: Session, batch_id: int) -> RollbackReport:
    """Undo one batch in one transaction; later batches of the same source stay as they are."""
    require(session, Permission.ROLLBACK_IMPORT)
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise RollbackError(f"Batch #{batch_id} tidak ditemukan.")
    if batch.status is BatchStatus.DIBATALKAN:
        raise RollbackError(f"Batch #{batch_id} ({batch.file_name}) sudah dibatalkan.")
    try:
        if batch.kind in PERSON_KINDS:
            removed, restored = _rollback_persons(session, batch)
        elif batch.kind is ImportKind.REKAP_SLS:
            removed = session.execute(delete(SlsRecap).where(SlsRecap.batch_id == batch.id)
                                      ).rowcount
            restored = 0
        else:
            raise RollbackError(
                "Impor master wilayah, daftar petugas dan daftar ASN tidak dapat dibatalkan, "
                "karena data sesudahnya bergantung padanya. Impor ulang berkas yang benar; "
                "baris yang sama akan diperbarui.")
        batch.status = BatchStatus.DIBATALKAN
        batch.rolled_back_at = utcnow()
        session.commit()
    except BaseException:
        session.rollback()
        raise
    log.info("rolled back batch %s: %s rows removed, %s restored", batch_id, removed, restored)
    return RollbackReport(batch_id, removed, restored)


def _rollback_persons(session: Session, batch: ImportBatch) -> tuple[int, int]:
    table = table_of(batch.kind)
    lock_source(session, batch.kind)  # as an import does, before reading: no crossed locks
    _refuse_if_confirmed_later(session, batch)
    # Rows of this batch that a later batch replaced in turn: the version this batch
    # replaced now counts as replaced by that later batch, so it does not come back.
    later = dict(session.execute(
        select(table.c.natural_key, table.c.replaced_by_batch_id)
        .where(table.c.batch_id == batch.id, table.c.replaced_by_batch_id.is_not(None))).all())
    older = session.execute(select(table.c.id, table.c.natural_key)
                            .where(table.c.replaced_by_batch_id == batch.id)).all()
    handed_on = [{"rid": rid, "later": later[key]} for rid, key in older if key in later]
    if handed_on:
        session.connection().execute(
            update(table).where(table.c.id == bindparam("rid"))
            .values(replaced_by_batch_id=bindparam("later")), handed_on)
    removed = session.execute(delete(table).where(table.c.batch_id == batch.id)).rowcount
    restored = session.execute(update(table).where(table.c.replaced_by_batch_id == batch.id)
                               .values(replaced_by_batch_id=None)).rowcount
    recount(session, batch.kind)
    return removed, restored


def _refuse_if_confirmed_later(session: Session, batch: ImportBatch) -> None:
    """A later batch that found a person unchanged stores nothing for them: its "tetap"
    confirms the version this batch brought, and batch_confirmation counts, per batch, whose
    versions it confirmed (not which persons). While such a batch is active, rolling this one
    back would hand its persons' older versions back although the newer file confirmed them;
    so it is refused, and the user rolls back from the newest batch down, then imports the
    good files again. A later batch whose "tetap" were other batches' persons does not block.
    """
    table = table_of(batch.kind)
    still_current = session.scalar(
        select(func.count()).select_from(table)
        .where(table.c.batch_id == batch.id, table.c.replaced_by_batch_id.is_(None))) or 0
    if not still_current:
        return
    later = session.execute(
        select(ImportBatch, BatchConfirmation.persons)
        .join(BatchConfirmation, BatchConfirmation.batch_id == ImportBatch.id)
        .where(ImportBatch.kind == batch.kind, ImportBatch.id > batch.id,
               ImportBatch.status == BatchStatus.AKTIF, BatchConfirmation.persons > 0,
               or_(BatchConfirmation.confirmed_batch_id == batch.id,
                   BatchConfirmation.confirmed_batch_id.is_(None)))
        .order_by(ImportBatch.id.desc())).all()
    if not later:
        return
    named = ", ".join(f"#{b.id} ({b.file_name}, {persons} tetap)" for b, persons in later)
    first = ", ".join(f"#{b.id}" for b, _ in later)
    raise RollbackError(
        f"Batch #{batch.id} ({batch.file_name}) tidak dapat dibatalkan selama batch yang lebih "
        f"baru masih aktif: {named}. Batch itu menemukan orang dari batch #{batch.id} dengan "
        f"data yang tetap, jadi mengonfirmasi data batch #{batch.id}; membatalkan batch "
        f"#{batch.id} akan mengembalikan mereka ke data lama. Batalkan dulu batch {first} "
        f"(dari yang terbaru), lalu batch #{batch.id}, kemudian impor ulang berkas yang benar.")


def current_count(session: Session, kind: ImportKind) -> int:
    table = table_of(kind)
    return session.scalar(select(func.count()).select_from(table)
                          .where(table.c.replaced_by_batch_id.is_(None))) or 0
