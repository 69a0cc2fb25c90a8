"""The second pass of a matching run: weigh, decide and rewrite the records left unpaired.

It runs inside the run's transaction, after the NIK pass and the decisions within a No. KK.
Blocks never cross a kelurahan, so a scoped run redoes only the kelurahan its new outcome
rows lie in, and reaches what a full run would.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from models.ids.cells import ascii_digits
from models.recon.linkage.assign import decide
from models.recon.linkage.bands import load_bands
from models.recon.linkage.blocking import candidates
from models.recon.linkage.outcome import INSERT, rewrite
from models.recon.linkage.pool import LITERAL_IDS, NIK_PAIR, RELEASABLE, Side, read_pool
from models.recon.linkage.scoring import score
from models.recon.sql import CURRENT, FIELD, ONLINE
from models.schema.areas import Sls
from models.store.bulk import chunks

# Pairs of other methods whose two records carry different No. KK: households linked already.
LINKED = ("SELECT m.kk, m.field_kk FROM person_match m WHERE m.field_kk IS NOT NULL "
          "AND m.online_id IS NOT NULL AND m.field_id IS NOT NULL AND m.method <> 'skor' "
          f"AND m.category <> 'mungkin' AND NOT ({RELEASABLE}) GROUP BY m.kk, m.field_kk")
# The second pass's review decisions, on the current records their natural keys name.
DECIDED = ("SELECT r.action, o.id, f.id FROM resolution r "
           f"JOIN {ONLINE} o ON o.natural_key = r.person_key AND o.{CURRENT} "
           f"JOIN {FIELD} f ON f.natural_key = r.other_key AND f.{CURRENT} "
           "WHERE r.category = 'mungkin' AND r.revoked_at IS NULL")


@dataclass(frozen=True)
class LinkageReport:
    pool: int  # records weighed
    candidates: int
    sure: int
    likely: int
    released: int  # NIK pairs given up for a better partner
    households: frozenset[str]  # No. KK whose member counts changed
    seconds: float


def _linked(connection: Connection) -> dict[int, set[int]]:
    """Online No. KK -> the field ones its members were paired into (16 digits only)."""
    linked: dict[int, set[int]] = {}
    for kk, field_kk in connection.exec_driver_sql(LINKED):
        if ascii_digits(kk, 16) and ascii_digits(field_kk, 16):
            linked.setdefault(int(kk), set()).add(int(field_kk))
    return linked


def _reviewed(connection: Connection, online: Side, fielded: Side
              ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """(online index, field index) of pool records a reviewer confirmed as one person, and
    rejected: the decisions' natural keys found among the current records."""
    decided = connection.exec_driver_sql(DECIDED).all()
    confirmed: set[tuple[int, int]] = set()
    rejected: set[tuple[int, int]] = set()
    if not decided:  # the usual case: no need to index half a million records
        return confirmed, rejected
    o_at, f_at = online.index_of(), fielded.index_of()
    for action, online_id, field_id in decided:
        if online_id in o_at and field_id in f_at:
            (confirmed if action == "gabung" else rejected).add((o_at[online_id],
                                                                 f_at[field_id]))
    return confirmed, rejected


def _with_decisions(pairs: np.ndarray, width: int, confirmed: set[tuple[int, int]],
                    rejected: set[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Candidates less the rejected pairs, plus confirmed pairs no block brought; and which
    of them are confirmed."""
    if not confirmed and not rejected:
        return pairs, np.zeros(len(pairs), dtype=bool)
    width = max(width, 1)

    def coded(found: set[tuple[int, int]]) -> np.ndarray:
        return np.array([o * width + f for o, f in found], dtype=np.int64)

    codes = pairs[:, 0] * width + pairs[:, 1]
    codes = np.union1d(codes[~np.isin(codes, coded(rejected))], coded(confirmed))
    array = np.stack([codes // width, codes % width], axis=1)
    return array, np.isin(codes, coded(confirmed))


def _scope_sls(session: Session, first_new: int) -> list[int]:
    """Every SLS of the kelurahan holding outcome rows written by this run."""
    rows = session.connection().exec_driver_sql(
        "SELECT DISTINCT s.kelurahan_id FROM person_match m JOIN sls s ON s.id = m.sls_id "
        f"WHERE m.id >= {int(first_new)}").all()
    kelurahan = [r[0] for r in rows]
    if not kelurahan:
        return []
    return list(session.scalars(select(Sls.id).where(Sls.kelurahan_id.in_(kelurahan))))


def link_unpaired(session: Session, *, first_new: int | None = None) -> LinkageReport:
    """The second pass over the whole city, or (`first_new`) over the kelurahan of the
    outcome rows from that id on; writes in the caller's transaction."""
    started = time.perf_counter()
    connection = session.connection()
    kelurahan_of = {sls: kel for sls, kel in session.execute(select(Sls.id, Sls.kelurahan_id))}
    sls_ids = None if first_new is None else _scope_sls(session, first_new)
    if sls_ids == []:
        return LinkageReport(0, 0, 0, 0, 0, frozenset(), time.perf_counter() - started)
    online, fielded = read_pool(connection, kelurahan_of, sls_ids)
    linked = _linked(connection)
    pairs = candidates(online, fielded, linked=linked)
    # a NIK pair of the pool is no candidate of itself: it stands unless beaten
    same_row = online.row[pairs[:, 0]] == fielded.row[pairs[:, 1]]
    pairs = pairs[~(same_row & (online.origin[pairs[:, 0]] == NIK_PAIR))]
    confirmed, rejected = _reviewed(connection, online, fielded)
    pairs, is_confirmed = _with_decisions(pairs, len(fielded), confirmed, rejected)
    bands = load_bands(session)
    scores, kept = score(online, fielded, pairs, linked=linked, floor=bands.likely,
                         sure=bands.sure, keep=is_confirmed)
    decisions = decide(scores, online, fielded, bands, confirmed=is_confirmed[kept],
                       linked=linked)
    change = rewrite(connection, scores, decisions, online, fielded)
    for ids in chunks(sorted(change.delete), LITERAL_IDS):
        connection.exec_driver_sql(
            f"DELETE FROM person_match WHERE id IN ({', '.join(map(str, ids))})")
    if change.insert:
        connection.execute(text(INSERT), change.insert)
    return LinkageReport(len(online) + len(fielded), len(pairs), len(decisions.sure),
                         len(decisions.likely), len(decisions.released),
                         frozenset(change.households), time.perf_counter() - started)
