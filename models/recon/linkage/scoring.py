"""Every candidate pair compared field by field, as arrays: levels, then match weights.

The name is the one comparison done per pair in C (rapidfuzz over the folded, sorted
words); the rest compare the numbered codes and birth dates of the pool as arrays.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from models.recon.linkage import evidence as ev
from models.recon.linkage.pool import Side

CLOSE_NAME = 88.0  # folded names this alike differ by a typo
PARTIAL_NAME = 95.0  # token-set ratio: one name holds the other's words


@dataclass
class Scores:
    pairs: np.ndarray  # (n, 2): online index, field index
    levels: dict[str, np.ndarray]  # per field letter: level codes (int8)
    weight: np.ndarray

    def code(self, at: int) -> str:
        return self.codes([at])[0]

    def codes(self, positions: list[int]) -> list[str]:
        """The evidence codes (evidence.encode) of the pairs at `positions`, built as arrays."""
        chosen = np.asarray(positions, dtype=np.int64)
        parts = [np.char.add(field.letter, self.levels[field.letter][chosen].astype(str))
                 if field.letter in self.levels else np.full(len(chosen), f"{field.letter}9")
                 for field in ev.FIELDS]
        joined = parts[0]
        for part in parts[1:]:
            joined = np.char.add(joined, part)
        return joined.tolist()


def _codes(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1 equal, 0 different, NEUTRAL where a side has no value."""
    level = (left == right).astype(np.int8)
    level[(left < 0) | (right < 0)] = ev.NEUTRAL
    return level


def name_levels(online: list[str], fielded: list[str], same: np.ndarray) -> np.ndarray:
    """Levels 3 (equal folded), 2 (a typo apart), 1 (one holds the other's words), 0; 9
    where a side has no name left. `same`: the folded codes' comparison."""
    level = np.where(same == 1, 3, 0).astype(np.int8)
    level[same == ev.NEUTRAL] = ev.NEUTRAL
    unsure = np.flatnonzero(level == 0)
    if unsure.size:
        left = [online[i] for i in unsure.tolist()]
        right = [fielded[i] for i in unsure.tolist()]
        ratio = process.cpdist(left, right, scorer=fuzz.ratio, workers=-1)
        level[unsure[ratio >= CLOSE_NAME]] = 2
        still = np.flatnonzero(ratio < CLOSE_NAME)
        if still.size:
            partial = process.cpdist([left[i] for i in still.tolist()],
                                     [right[i] for i in still.tolist()],
                                     scorer=fuzz.token_set_ratio, workers=-1)
            level[unsure[still[partial >= PARTIAL_NAME]]] = 1
    return level


def birth_levels(online: Side, fielded: Side, oi: np.ndarray, fi: np.ndarray) -> np.ndarray:
    ob, fb = online.born[oi], fielded.born[fi]
    oy, om, od = ob // 10000, ob // 100 % 100, ob % 100
    fy, fm, fd = fb // 10000, fb // 100 % 100, fb % 100
    level = np.zeros(len(oi), dtype=np.int8)
    same_year = oy == fy
    level[same_year] = 1
    level[(np.abs(oy - fy) == 1) & (om == fm) & (od == fd)] = 2
    level[same_year & (om == fm) & (od != fd)] = 3
    level[same_year & (od != om) & (od == fm) & (om == fd)] = 4
    level[ob == fb] = 5
    level[(ob < 0) | (fb < 0)] = ev.NEUTRAL
    return level


def household_levels(online: Side, fielded: Side, pairs: np.ndarray,
                     linked: dict[int, set[int]] | None) -> np.ndarray:
    """1 where the two No. KK differ but other members of them are paired already."""
    level = np.full(len(pairs), ev.NEUTRAL, dtype=np.int8)
    if not linked or not len(pairs):
        return level
    o_kk, f_kk = online.kk[pairs[:, 0]], fielded.kk[pairs[:, 1]]
    known = {(o, f) for o, fs in linked.items() for f in fs}
    differ = np.flatnonzero((o_kk >= 0) & (f_kk >= 0) & (o_kk != f_kk)
                            & np.isin(o_kk, np.fromiter(linked, dtype=np.int64,
                                                        count=len(linked))))
    hits = [at for at, o, f in zip(differ.tolist(), o_kk[differ].tolist(),
                                   f_kk[differ].tolist(), strict=True) if (o, f) in known]
    level[hits] = 1
    return level


def weigh(levels: dict[str, np.ndarray]) -> np.ndarray:
    """The match weight of each pair: the sum of its levels' weights."""
    size = len(next(iter(levels.values())))
    weight = np.zeros(size, dtype=np.float64)
    for field in ev.FIELDS:
        weight += np.asarray(field.weights())[levels[field.letter]]
    return weight


def _best(field: ev.Field) -> float:
    return max(level.weight for level in field.levels)


def _may_link(online: Side, fielded: Side, pairs: np.ndarray, kk_levels: np.ndarray,
              partial: np.ndarray, sure: float, keep: np.ndarray | None) -> np.ndarray:
    """The household weight a pair may still gain: two households of different No. KK are
    linked only by a pasti pair between them, so only where one of their candidates could
    reach `sure` with equal names, or a reviewer confirmed one (`keep`); the other
    candidates need not have their names read."""
    gain = np.zeros(len(pairs))
    differ = kk_levels == 0
    if not differ.any():
        return gain
    households = pd.DataFrame({"o": online.kk[pairs[:, 0]], "f": fielded.kk[pairs[:, 1]]})
    group = households.groupby(["o", "f"], sort=False).ngroup().to_numpy()
    linkable = np.zeros(int(group.max()) + 1, dtype=bool)
    can_be_sure = partial + _best(ev.NAME) >= sure
    if keep is not None:
        can_be_sure |= keep
    linkable[group[differ & can_be_sure]] = True
    gain[differ & linkable[group]] = _best(ev.HOUSEHOLD)
    return gain


def score(online: Side, fielded: Side, pairs: np.ndarray, *,
          linked: dict[int, set[int]] | None = None, floor: float | None = None,
          sure: float = np.inf, keep: np.ndarray | None = None) -> tuple[Scores, np.ndarray]:
    """Levels and weights of `pairs`; `linked`: online No. KK -> field ones linked already.

    With `floor`, pairs that could not reach it even with equal names and newly linked
    households are dropped before the names are compared (most candidates of a block);
    `keep` marks pairs kept whatever. Returns the scores and the kept pairs' positions.
    """
    oi, fi = pairs[:, 0], pairs[:, 1]
    levels: dict[str, np.ndarray] = {
        "b": birth_levels(online, fielded, oi, fi),
        "s": _codes(online.sex[oi], fielded.sex[fi]),
    }
    # an invalid No. KK is -1, so neutral
    levels["k"] = _codes(online.kk[oi], fielded.kk[fi])
    levels["l"] = (online.sls[oi] == fielded.sls[fi]).astype(np.int8)
    levels["i"] = _codes(online.nik[oi], fielded.nik[fi])
    kept = np.arange(len(pairs))
    if floor is not None and len(pairs):
        levels["h"] = household_levels(online, fielded, pairs, linked)
        partial = np.zeros(len(pairs))
        for field in (ev.BIRTH, ev.SEX, ev.KK, ev.SLS, ev.NIK, ev.HOUSEHOLD):
            partial += np.asarray(field.weights())[levels[field.letter]]
        unlinked = np.where(levels["h"] == ev.NEUTRAL, levels["k"], ev.NEUTRAL)
        reach = partial + _best(ev.NAME) + _may_link(online, fielded, pairs, unlinked,
                                                     partial, sure, keep) >= floor
        if keep is not None:
            reach |= keep
        kept = np.flatnonzero(reach)
        pairs, oi, fi = pairs[kept], oi[kept], fi[kept]
        levels = {letter: values[kept] for letter, values in levels.items()}
    same_name = _codes(online.name_code[oi], fielded.name_code[fi])
    levels["n"] = name_levels([online.folded[i] for i in oi.tolist()],
                              [fielded.folded[i] for i in fi.tolist()], same_name)
    if "h" not in levels:
        levels["h"] = household_levels(online, fielded, pairs, linked)
    return Scores(pairs, levels, weigh(levels)), kept


def relink(scores: Scores, online: Side, fielded: Side,
           linked: dict[int, set[int]]) -> None:
    """Household levels and weights again, after new pairs linked more households."""
    scores.levels["h"] = household_levels(online, fielded, scores.pairs, linked)
    scores.weight = weigh(scores.levels)
