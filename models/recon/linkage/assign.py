"""From weighed candidates to decisions: each record in at most one pair, the best first.

Pairs are taken in order of weight (ties by the records' natural keys, so both backends
decide alike). A pair is pasti when its weight reaches the upper band and its name and
birth date are at least close: fields that agree on household, sex and SLS alone never pair
two persons automatically (twins share all three). Pairs a reviewer confirmed come first
whatever their weight; pairs a reviewer rejected were left out before scoring. A NIK pair
whose name and birth date both differ gives way when either record has a pasti partner;
otherwise it stands. Between the bands a free pair goes to review, if the names share at
least a word.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.recon.linkage.bands import Bands
from models.recon.linkage.pool import NIK_PAIR, Side
from models.recon.linkage.scoring import Scores, relink

CLOSE_NAMES = (3, 2)
CLOSE_BIRTHS = (5, 4, 3, 2)
SOME_NAME = (3, 2, 1)  # review needs at least a shared word: else the name says "another"


@dataclass
class Decisions:
    sure: list[int] = field(default_factory=list)  # indices into the scored pairs
    likely: list[int] = field(default_factory=list)
    released: set[int] = field(default_factory=set)  # NIK-pair rows given up


def _nik_rows(online: Side, fielded: Side) -> tuple[dict[int, int], dict[int, int]]:
    """The pool's NIK pairs: person_match row -> online index, and -> field index."""
    by_online = {int(online.row[i]): i for i in np.flatnonzero(online.origin == NIK_PAIR)}
    by_field = {int(fielded.row[i]): i for i in np.flatnonzero(fielded.origin == NIK_PAIR)}
    return by_online, by_field


def _order(scores: Scores, confirmed: np.ndarray, floor: float) -> list[int]:
    """The pairs a reviewer confirmed, then those weighing at least `floor`, heaviest first
    (ties by the records' order); pairs below it are never looked at."""
    live = np.flatnonzero(confirmed | (scores.weight >= floor))
    first = np.where(confirmed[live], 0, 1)
    order = np.lexsort((scores.pairs[live, 1], scores.pairs[live, 0], -scores.weight[live],
                        first))
    return live[order].tolist()


def decide(scores: Scores, online: Side, fielded: Side, bands: Bands, *,
           confirmed: np.ndarray, linked: dict[int, set[int]]) -> Decisions:
    """`confirmed`: per scored pair, whether a reviewer said it is one person."""
    decisions = Decisions()
    nik_online, nik_field = _nik_rows(online, fielded)
    taken_o: set[int] = set()
    taken_f: set[int] = set()
    pairs = scores.pairs
    close = (np.isin(scores.levels["n"], CLOSE_NAMES) & np.isin(scores.levels["b"], CLOSE_BIRTHS))

    def take(at: int) -> None:
        o, f = int(pairs[at, 0]), int(pairs[at, 1])
        taken_o.add(o)
        taken_f.add(f)
        for row in (int(online.row[o]), int(fielded.row[f])):
            if row in nik_online or row in nik_field:
                decisions.released.add(row)

    for round_ in range(2):
        if round_:  # households linked by the first round's pairs weigh in now
            for at in decisions.sure:
                o, f = int(pairs[at, 0]), int(pairs[at, 1])
                o_kk, f_kk = int(online.kk[o]), int(fielded.kk[f])
                if o_kk >= 0 and f_kk >= 0 and o_kk != f_kk:
                    linked.setdefault(o_kk, set()).add(f_kk)
            relink(scores, online, fielded, linked)
        sure = confirmed | close
        for at in _order(scores, confirmed, bands.sure):
            if not sure[at]:
                continue
            if int(pairs[at, 0]) in taken_o or int(pairs[at, 1]) in taken_f:
                continue
            take(at)
            decisions.sure.append(at)
    # A NIK pair that stands keeps both its records out of review.
    for row, o in nik_online.items():
        if row not in decisions.released and row in nik_field:
            taken_o.add(o)
            taken_f.add(nik_field[row])
    named = np.isin(scores.levels["n"], SOME_NAME)
    for at in _order(scores, confirmed, bands.likely):
        o, f = int(pairs[at, 0]), int(pairs[at, 1])
        if o in taken_o or f in taken_f or not named[at]:
            continue
        taken_o.add(o)
        taken_f.add(f)
        decisions.likely.append(at)
    return decisions

