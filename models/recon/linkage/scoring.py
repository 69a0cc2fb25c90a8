"""Every candidate pair compared field by field, as arrays: levels, then match weights.

The name is the one comparison done per pair in C (rapidfuzz over the folded, sorted
words); the rest compare the numbered codes and birth dates of the pool as arrays.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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
        return ev.encode({letter: int(levels[at]) for letter, levels in self.levels.items()})


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
                     linked: dict[str, set[str]] | None) -> np.ndarray:
    """1 where the two No. KK differ but other members of them are paired already."""
    level = np.full(len(pairs), ev.NEUTRAL, dtype=np.int8)
    if not linked or not len(pairs):
        return level
    assert online.kk_code is not None and fielded.kk_code is not None
    differ = np.flatnonzero((online.kk_code[pairs[:, 0]] != fielded.kk_code[pairs[:, 1]])
                            & (online.kk_code[pairs[:, 0]] >= 0))
    hits = [at for at in differ.tolist()
            if fielded.kk[pairs[at, 1]] in linked.get(online.kk[pairs[at, 0]] or "", ())]
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


def score(online: Side, fielded: Side, pairs: np.ndarray, *,
          linked: dict[str, set[str]] | None = None, floor: float | None = None,
          keep: np.ndarray | None = None) -> tuple[Scores, np.ndarray]:
    """Levels and weights of `pairs`; `linked`: online No. KK -> field ones already linked.

    With `floor`, pairs that could not reach it even with equal names and newly linked
    households are dropped before the names are compared (most candidates of a block);
    `keep` marks pairs kept whatever. Returns the scores and the kept pairs' positions.
    """
    assert online.name_code is not None and fielded.name_code is not None
    oi, fi = pairs[:, 0], pairs[:, 1]
    levels: dict[str, np.ndarray] = {
        "b": birth_levels(online, fielded, oi, fi),
        "s": _codes(online.sex_code[oi], fielded.sex_code[fi]),  # type: ignore[index]
    }
    # numbered from valid numbers only: an invalid No. KK is -1, so neutral
    levels["k"] = _codes(online.kk_code[oi], fielded.kk_code[fi])  # type: ignore[index]
    levels["l"] = (online.sls[oi] == fielded.sls[fi]).astype(np.int8)
    levels["i"] = _codes(online.nik_code[oi], fielded.nik_code[fi])  # type: ignore[index]
    kept = np.arange(len(pairs))
    if floor is not None and len(pairs):
        partial = np.zeros(len(pairs))
        for field in (ev.BIRTH, ev.SEX, ev.KK, ev.SLS, ev.NIK):
            partial += np.asarray(field.weights())[levels[field.letter]]
        reach = partial + _best(ev.NAME) + _best(ev.HOUSEHOLD) >= floor
        if keep is not None:
            reach |= keep
        kept = np.flatnonzero(reach)
        pairs, oi, fi = pairs[kept], oi[kept], fi[kept]
        levels = {letter: values[kept] for letter, values in levels.items()}
    same_name = _codes(online.name_code[oi], fielded.name_code[fi])
    levels["n"] = name_levels([online.folded[i] for i in oi.tolist()],
                              [fielded.folded[i] for i in fi.tolist()], same_name)
    levels["h"] = household_levels(online, fielded, pairs, linked)
    return Scores(pairs, levels, weigh(levels)), kept


def relink(scores: Scores, online: Side, fielded: Side,
           linked: dict[str, set[str]]) -> None:
    """Household levels and weights again, after new pairs linked more households."""
    scores.levels["h"] = household_levels(online, fielded, scores.pairs, linked)
    scores.weight = weigh(scores.levels)
