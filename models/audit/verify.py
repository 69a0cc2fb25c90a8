"""Checking the audit log's hash chain: the first entry that does not verify, in words."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.access import Permission, require
from models.audit.chain import GENESIS, HEAD_ID, entry_hash
from models.errors import KendaliError
from models.formatting import format_date, format_number
from models.schema.base import to_local
from models.schema.safeguards import AuditChainHead
from models.schema.users import AuditLog
from models.work import ProgressCallback, advance

log = logging.getLogger(__name__)

PAGE = 2000


@dataclass(frozen=True)
class Anchor:
    """An entry's id and hash noted outside the database (printed by an earlier check)."""

    id: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> Anchor:
        match = re.fullmatch(r"\s*#?([0-9]+)\s*[:=]\s*([0-9a-fA-F]{64})\s*", text)
        if match is None:
            raise KendaliError("Jangkar ditulis ID:SIDIK, misalnya 1520:3f9a… (64 angka "
                               "heksadesimal), seperti dicetak pemeriksaan sebelumnya.")
        return cls(int(match.group(1)), match.group(2).lower())


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that does not verify; `at` and `action` are None when it is gone."""

    id: int
    at: datetime | None  # local time
    action: str | None
    entity: str | None
    username: str | None
    reason: str

    def describe(self) -> str:
        if self.at is None:
            return f"Entri #{self.id}: {self.reason}"
        who = f" oleh {self.username}" if self.username else ""
        return (f"Entri #{self.id} ({format_date(self.at)} {self.at:%H.%M.%S}, {self.action} "
                f"{self.entity}{who}): {self.reason}")


@dataclass(frozen=True)
class ChainReport:
    entries: int
    last_id: int | None
    last_hash: str
    broken: ChainBreak | None
    anchor: Anchor | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def message(self) -> str:
        """The verdict in Indonesian, for the window, the CLI and the self-test."""
        if self.broken is not None:
            return ("Log audit TIDAK UTUH. " + self.broken.describe() + " Entri sesudahnya "
                    "tidak dapat dipercaya sampai diperiksa. Bandingkan dengan cadangan "
                    "database dan laporkan kepada admin server.")
        if self.last_id is None:
            return "Log audit masih kosong; rantainya utuh."
        anchored = (f" Jangkar #{self.anchor.id} cocok." if self.anchor is not None else "")
        return (f"Log audit utuh: {format_number(self.entries)} entri terperiksa, setiap "
                f"sidik SHA-256 cocok dan tersambung ke entri sebelumnya.{anchored} "
                f"Sidik terakhir #{self.last_id}:{self.last_hash}")


def _break(entry: AuditLog, reason: str) -> ChainBreak:
    return ChainBreak(entry.id, to_local(entry.at), entry.action, entry.entity,
                      entry.username, reason)


def _content(entry: AuditLog) -> dict[str, object]:
    return {"at": entry.at, "user_id": entry.user_id, "username": entry.username,
            "action": entry.action, "entity": entry.entity, "entity_id": entry.entity_id,
            "before": entry.before, "after": entry.after}


def _check_entry(entry: AuditLog, prev_id: int | None, prev_hash: str) -> str | None:
    """Why `entry` does not verify after the entry (`prev_id`, `prev_hash`), or None."""
    if entry.prev_hash != prev_hash:
        if prev_id is None:
            return ("entri pertama tidak berawal dari awal rantai: entri sebelumnya telah "
                    "dihapus.")
        return (f"tidak tersambung ke entri sebelumnya (#{prev_id}): entri itu diubah, atau "
                "ada entri di antara keduanya yang dihapus.")
    if entry.at is None or entry.entry_hash != entry_hash(_content(entry), prev_hash):
        return "isinya tidak cocok dengan sidiknya: entri ini diubah sesudah dicatat."
    return None


def _check_tail(head: tuple[int | None, str] | None, last_id: int | None,
                last_hash: str) -> ChainBreak | None:
    """The chain's end as the head recorded it, against the last entry that verified."""
    if head is None:
        return ChainBreak(last_id or 0, None, None, None, None,
                          "catatan ujung rantai (audit_chain_head) hilang: telah dihapus.")
    head_id, head_hash = head
    if head_id == last_id and head_hash == last_hash:
        return None
    if head_id is not None and (last_id is None or head_id > last_id):
        return ChainBreak(head_id, None, None, None, None,
                          "entri terakhir yang tercatat ini, dan yang sebelumnya sampai "
                          f"sesudah #{last_id or 0}, hilang: telah dihapus.")
    return ChainBreak(head_id or 0, None, None, None, None,
                      "ujung rantai tidak cocok dengan entri terakhir di log: log atau "
                      "ujungnya diubah.")


def verify_chain(session: Session, anchor: Anchor | None = None,
                 progress: ProgressCallback | None = None) -> ChainReport:
    """Recompute every entry's hash in id order; stop at the first that does not verify.

    Read-only. The head is read first and only entries up to it are checked, so entries
    other PCs commit meanwhile are left for the next check, not mistaken for a break.
    `anchor`, an (id, hash) kept outside the database, also proves the chain was not
    recomputed from that entry on. Raises Cancelled when `progress` returns False."""
    require(session, Permission.VIEW_AUDIT)
    row = session.execute(select(AuditChainHead.last_id, AuditChainHead.last_hash)
                          .where(AuditChainHead.id == HEAD_ID)).first()
    head = (row.last_id, row.last_hash) if row is not None else None
    upto = head[0] if head is not None else None
    if head is not None and upto is None:
        return ChainReport(0, None, GENESIS, _check_tail(head, None, GENESIS), anchor)
    bound = [AuditLog.id <= upto] if upto is not None else []
    total = session.scalar(select(func.count()).select_from(AuditLog).where(*bound)) or 0
    prev_id: int | None = None
    prev_hash = GENESIS
    done = 0
    anchor_seen = anchor is None
    while True:
        query = select(AuditLog).where(*bound).order_by(AuditLog.id).limit(PAGE)
        if prev_id is not None:
            query = query.where(AuditLog.id > prev_id)
        page = list(session.scalars(query))
        if not page:
            break
        for entry in page:
            reason = _check_entry(entry, prev_id, prev_hash)
            if reason is not None:
                return ChainReport(done, prev_id, prev_hash, _break(entry, reason), anchor)
            if anchor is not None and entry.id == anchor.id:
                if entry.entry_hash != anchor.hash:
                    return ChainReport(done, prev_id, prev_hash, _break(
                        entry, "sidiknya berbeda dari jangkar yang dicatat di luar database: "
                        "log dihitung ulang sejak entri ini atau sebelumnya."), anchor)
                anchor_seen = True
            prev_id, prev_hash = entry.id, entry.entry_hash
            done += 1
        for entry in page:  # a long log is read a page at a time, not kept
            session.expunge(entry)
        advance(progress, done, total)
    if not anchor_seen and anchor is not None:
        return ChainReport(done, prev_id, prev_hash, ChainBreak(
            anchor.id, None, None, None, None,
            "entri jangkar ini tidak ada lagi di log: telah dihapus."), anchor)
    broken = _check_tail(head, prev_id, prev_hash)
    if broken is not None:
        log.warning("audit chain broken at %s: %s", broken.id, broken.reason)
    return ChainReport(done, prev_id, prev_hash, broken, anchor)
