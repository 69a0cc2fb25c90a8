"""Which online and field records are compared at all: blocks inside one kelurahan.

Comparing every pair of a city is out of reach, so candidates share a block. One rule alone
would hide true pairs (a mistyped year leaves its SLS-and-year block; a reissued KK leaves
its household), so several rules each add their pairs, and the union is compared:

- same SLS and birth year;
- same kelurahan and folded name, the birth year at most one apart (the SLS or the year
  may be wrong; any year at all would pair every two namesakes of a kelurahan);
- same kelurahan, birth year and the day and month in either order (the name may differ);
- same kelurahan and No. KK (the birth date and name may both be off);
- same kelurahan, and households already linked by other paired members (a reissued KK).
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from models.recon.linkage.pool import Side

RULES = ("sls_year", "name", "birth", "kk", "linked")


def _frame(side: Side) -> pd.DataFrame:
    day, month, year = side.day, side.month, side.year
    return pd.DataFrame({
        "i": np.arange(len(side), dtype=np.int64),
        "kel": side.kelurahan, "sls": side.sls, "year": year,
        "dm": np.where(year >= 0, np.minimum(day, month) * 100 + np.maximum(day, month), -1),
        "name": side.name_code, "kk": side.kk,
    })


def _join(left: pd.DataFrame, right: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    pairs = left[["i", *on]].merge(right[["i", *on]], on=on, suffixes=("_o", "_f"))
    return pairs[["i_o", "i_f"]]


def candidates(online: Side, fielded: Side, *,
               linked: dict[str, set[str]] | None = None,
               rules: Iterable[str] = RULES) -> np.ndarray:
    """Candidate pairs as an (n, 2) array of (online index, field index), each once, sorted.

    `linked` maps an online No. KK to the field ones its paired members were found in (as
    the integers the pool holds).
    """
    o, f = _frame(online), _frame(fielded)
    o, f = o[o.kel >= 0], f[f.kel >= 0]
    found = []
    chosen = set(rules)
    if "sls_year" in chosen:
        found.append(_join(o[o.year >= 0], f[f.year >= 0], ["sls", "year"]))
    if "name" in chosen:
        named_o, named_f = o[o.name >= 0], f[f.name >= 0]
        for shift in (-1, 0, 1):
            found.append(_join(named_o.assign(year=named_o.year + shift), named_f,
                               ["kel", "name", "year"]))
    if "birth" in chosen:
        found.append(_join(o[o.year >= 0], f[f.year >= 0], ["kel", "year", "dm"]))
    if "kk" in chosen:
        found.append(_join(o[o.kk >= 0], f[f.kk >= 0], ["kel", "kk"]))
    if "linked" in chosen and linked:
        mapped = pd.DataFrame([(kk, other) for kk, others in linked.items() for other in others],
                              columns=["okk", "kk"], dtype=np.int64)
        via = o[o.kk >= 0].rename(columns={"kk": "okk"})[["i", "kel", "okk"]]
        via = via.merge(mapped, on="okk").drop(columns="okk")
        found.append(_join(via, f[f.kk >= 0], ["kel", "kk"]))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    both = np.concatenate([p.to_numpy(dtype=np.int64) for p in found])
    width = max(len(fielded), 1)
    codes = np.sort(both[:, 0] * width + both[:, 1])  # one int per pair
    if len(codes):
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return np.stack([codes // width, codes % width], axis=1)
