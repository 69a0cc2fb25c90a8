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

from models.recon.linkage.assign import decide
from models.recon.linkage.bands import load_bands
from models.recon.linkage.blocking import candidates
from models.recon.linkage.outcome import INSERT, rewrite
from models.recon.linkage.pool import NIK_PAIR, RELEASABLE, Side, read_pool
from models.recon.linkage.scoring import score
from models.schema.areas import Sls
from models.store.bulk import chunks

# Pairs of other methods whose two records carry different No. KK: households linked already.
LINKED = ("SELECT m.kk, m.field_kk FROM person_match m WHERE m.field_kk IS NOT NULL "
          "AND m.online_id IS NOT NULL AND m.field_id IS NOT NULL AND m.method <> 'skor' "
          f"AND m.category <> 'mungkin' AND NOT ({RELEASABLE}) GROUP BY m.kk, m.field_kk")
DECIDED = ("SELECT person_key, other_key, action FROM resolution WHERE category = 'mungkin' "
           "AND revoked_at IS NULL AND other_key IS NOT NULL")


@dataclass(frozen=True)
class LinkageReport:
    pool: int  # records weighed
    candidates: int
    sure: int
    likely: int
    released: int  # NIK pairs given up for a better partner
    households: frozenset[str]  # No. KK whose member counts changed
    seconds: float


def _linked(connection: Connection) -> dict[str, set[str]]:
    linked: dict[str, set[str]] = {}
    for kk, field_kk in connection.exec_driver_sql(LINKED):
        linked.setdefault(kk, set()).add(field_kk)
    return linked


def _reviewed(connection: Connection) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """(online key, field key) a reviewer confirmed as one person, and rejected."""
    confirmed, rejected = set(), set()
    for person_key, other_key, action in connection.exec_driver_sql(DECIDED):
        (confirmed if action == "gabung" else rejected).add((person_key, other_key))
    return confirmed, rejected


def _with_decisions(pairs: np.ndarray, online: Side, fielded: Side,
                    confirmed: set[tuple[str, str]], rejected: set[tuple[str, str]]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Candidates less the rejected pairs, plus confirmed pairs no block brought; and which
    of them are confirmed."""
    if not confirmed and not rejected:
        return pairs, np.zeros(len(pairs), dtype=bool)
    o_at = {k: i for i, k in enumerate(online.key)}
    f_at = {k: i for i, k in enumerate(fielded.key)}
    wanted = {(o_at[a], f_at[b]) for a, b in confirmed if a in o_at and b in f_at}
    refused = {(o_at[a], f_at[b]) for a, b in rejected if a in o_at and b in f_at}
    listed = {(int(o), int(f)) for o, f in pairs.tolist()} if wanted or refused else set()
    kept = sorted((listed - refused) | wanted)
    array = np.array(kept, dtype=np.int64).reshape(-1, 2)
    return array, np.fromiter(((o, f) in wanted for o, f in kept), dtype=bool, count=len(kept))


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
    confirmed, rejected = _reviewed(connection)
    pairs, is_confirmed = _with_decisions(pairs, online, fielded, confirmed, rejected)
    bands = load_bands(session)
    scores, kept = score(online, fielded, pairs, linked=linked, floor=bands.likely,
                         keep=is_confirmed)
    decisions = decide(scores, online, fielded, bands, confirmed=is_confirmed[kept],
                       linked=linked)
    change = rewrite(scores, decisions, online, fielded)
    for ids in chunks(sorted(change.delete)):
        connection.exec_driver_sql(
            f"DELETE FROM person_match WHERE id IN ({', '.join(map(str, ids))})")
    if change.insert:
        connection.execute(text(INSERT), change.insert)
    return LinkageReport(len(online) + len(fielded), len(pairs), len(decisions.sure),
                         len(decisions.likely), len(decisions.released),
                         frozenset(change.households), time.perf_counter() - started)
