"""The second pass's decisions as outcome rows: pairs, review cases, and records set free."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection

from models.recon.linkage.assign import Decisions
from models.recon.linkage.pool import SCORED, Side, identify
from models.recon.linkage.scoring import Scores
from models.recon.names import SAME_NAME, name_score
from models.schema.recon import ReconCategory

ROW_COLUMNS = ("category", "method", "score", "differing", "online_id", "field_id",
               "online_batch_id", "field_batch_id", "person_key", "other_key", "kk",
               "birth_date", "sls_id", "field_kk", "weight", "evidence")
INSERT = (f"INSERT INTO person_match ({', '.join(ROW_COLUMNS)}) VALUES "
          f"({', '.join(':' + c for c in ROW_COLUMNS)})")


@dataclass
class Rewrite:
    delete: set[int] = field(default_factory=set)  # person_match ids
    insert: list[dict[str, Any]] = field(default_factory=list)
    households: set[str] = field(default_factory=set)  # No. KK whose counts change


def _single(side: Side, i: int, online: bool) -> dict[str, Any]:
    if online:
        category = ReconCategory.HANYA_ONLINE if side.alone_valid[i] \
            else ReconCategory.TIDAK_VALID
    else:
        category = ReconCategory.HANYA_LAPANGAN if side.alone_valid[i] \
            else ReconCategory.TIDAK_VALID
    record, batch = int(side.record[i]), int(side.batch[i]) or None
    return {"category": category.value, "method": "none", "score": None, "differing": "",
            "online_id": record if online else None, "field_id": None if online else record,
            "online_batch_id": batch if online else None,
            "field_batch_id": None if online else batch, "person_key": side.key[i],
            "other_key": None, "kk": side.kk_text[i], "birth_date": side.birth(i),
            "sls_id": int(side.sls[i]), "field_kk": None, "weight": None, "evidence": ""}


def _differing(online: Side, fielded: Side, o: int, f: int, name_level: int,
               similarity: float) -> list[str]:
    """As the first pass names them; a name equal once folded is a spelling, not a conflict."""
    found = []
    if name_level != 3 and similarity < SAME_NAME:
        found.append("name")
    if online.sex[o] >= 0 and fielded.sex[f] >= 0 and online.sex[o] != fielded.sex[f]:
        found.append("sex")
    birth_o, birth_f = int(online.born[o]), int(fielded.born[f])
    if birth_o >= 0 and birth_f >= 0 and birth_o != birth_f:
        found.append("birth_date")
    if online.sls[o] != fielded.sls[f]:
        found.append("sls")
    return found


def _pair(scores: Scores, at: int, online: Side, fielded: Side, review: bool, code: str
          ) -> dict[str, Any]:
    o, f = int(scores.pairs[at, 0]), int(scores.pairs[at, 1])
    similarity = name_score(online.name[o], fielded.name[f])
    differing = _differing(online, fielded, o, f, int(scores.levels["n"][at]), similarity)
    if review:
        category = ReconCategory.MUNGKIN
    elif "sls" in differing:
        category = ReconCategory.PINDAH
    else:
        category = ReconCategory.BEDA if differing else ReconCategory.COCOK
    o_kk, f_kk = online.kk_text[o], fielded.kk_text[f]
    return {"category": category.value, "method": "skor",
            "score": similarity,
            "differing": "".join(f"{d}," for d in differing),
            "online_id": int(online.record[o]), "field_id": int(fielded.record[f]),
            "online_batch_id": int(online.batch[o]) or None,
            "field_batch_id": int(fielded.batch[f]) or None,
            "person_key": online.key[o], "other_key": fielded.key[f], "kk": o_kk,
            "birth_date": online.birth(o), "sls_id": int(fielded.sls[f]),
            "field_kk": f_kk if f_kk and f_kk != o_kk else None,
            "weight": round(float(scores.weight[at]), 2), "evidence": code}


def rewrite(connection: Connection, scores: Scores, decisions: Decisions, online: Side,
            fielded: Side) -> Rewrite:
    """Rows to delete and rows to insert; a record whose row goes and finds no partner gets
    a row of its own again. Reads the natural keys of the records concerned."""
    out = Rewrite()
    chosen = decisions.sure + decisions.likely
    paired_o = {int(scores.pairs[at, 0]) for at in chosen}
    paired_f = {int(scores.pairs[at, 1]) for at in chosen}
    gone = set(decisions.released)
    gone.update(int(online.row[i]) for i in paired_o)
    gone.update(int(fielded.row[i]) for i in paired_f)
    for side in (online, fielded):
        gone.update(int(r) for r in side.row[side.origin == SCORED].tolist())
    out.delete = gone
    removed = np.fromiter(gone, dtype=np.int64, count=len(gone))
    moved = {id(side): np.flatnonzero(np.isin(side.row, removed)).tolist()
             for side in (online, fielded)}
    identify(connection, online, moved[id(online)])
    identify(connection, fielded, moved[id(fielded)])
    review = set(decisions.likely)
    for at, code in zip(chosen, scores.codes(chosen), strict=True):
        out.insert.append(_pair(scores, at, online, fielded, review=at in review, code=code))
    for side, paired, is_online in ((online, paired_o, True), (fielded, paired_f, False)):
        for i in moved[id(side)]:
            if i not in paired:
                out.insert.append(_single(side, i, is_online))
            kk = side.kk_text[i]
            if kk:
                out.households.add(kk)
    return out
