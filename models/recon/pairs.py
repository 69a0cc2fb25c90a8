"""Decisions within one household (No. KK): pairing records without NIK, finding duplicates.

Pure functions over small records so each rule can be tested with hand-made cases; the
matching run feeds them the households where such a decision is possible at all.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from models.recon.names import SAME_NAME, SAME_PERSON, name_score
from models.schema.recon import ReconCategory

# No family card lists this many people (the largest real households have a few dozen);
# more members under one No. KK means the number is bogus, not a household.
MAX_MEMBERS = 60


@dataclass(frozen=True)
class Side:
    """One source's record of a person, as the run compares it."""

    id: int
    key: str  # natural key: the NIK, or a digest for a field record without one
    name: str
    sex: str | None
    birth: date | None
    sls_id: int | None
    has_nik: bool


@dataclass
class MatchRow:
    """A stored outcome row and the records it holds."""

    id: int
    category: ReconCategory
    online: Side | None
    field: Side | None


@dataclass(frozen=True)
class Comparison:
    category: ReconCategory
    differing: tuple[str, ...]
    score: float


@dataclass
class HouseholdDecisions:
    # (online match row, field match row to fold into it, comparison)
    pairs: list[tuple[MatchRow, MatchRow, Comparison]] = field(default_factory=list)
    # (duplicate match row, natural key of the record it duplicates)
    duplicates: list[tuple[MatchRow, str]] = field(default_factory=list)


def compare(online: Side, fielded: Side) -> Comparison:
    """The category of a pair: another SLS is pindah, any other difference is beda."""
    score = name_score(online.name, fielded.name)
    differing = []
    if score < SAME_NAME:
        differing.append("name")
    if online.sex and fielded.sex and online.sex != fielded.sex:
        differing.append("sex")
    if online.birth and fielded.birth and online.birth != fielded.birth:
        differing.append("birth_date")
    if online.sls_id and fielded.sls_id and online.sls_id != fielded.sls_id:
        differing.append("sls")
    if "sls" in differing:
        category = ReconCategory.PINDAH
    elif differing:
        category = ReconCategory.BEDA
    else:
        category = ReconCategory.COCOK
    return Comparison(category, tuple(differing), score)


def _same_person(a: Side, b: Side) -> float | None:
    """The name score when two records of one KK are the same person, else None."""
    if a.birth is None or a.birth != b.birth:
        return None
    score = name_score(a.name, b.name)
    return score if score >= SAME_PERSON else None


def decide_household(rows: Iterable[MatchRow]) -> HouseholdDecisions:
    """Pair field records without NIK with unmatched online ones; mark second records ganda.

    A field record without NIK first looks for an online-only record of its household with
    the same birth date and a similar name (the best score wins); failing that, a field
    record of the same person makes it a duplicate. Online, two NIKs with the same birth
    date and a similar name in one household are one person filled twice: the record the
    field did not confirm (else the one with the higher NIK) is the duplicate.

    Only records with the same birth date can be one person, so each record is compared
    with its birth date's records alone: a household costs time in proportion to its size,
    not its square. A household over MAX_MEMBERS is no family (a No. KK copied from an
    example or typed as zeros): nothing is decided in it, and it is listed as suspicious.
    """
    rows = [r for r in rows if r.category is not ReconCategory.TIDAK_VALID]
    decisions = HouseholdDecisions()
    if len(rows) > MAX_MEMBERS:
        return decisions
    online_only: dict[date | None, list[MatchRow]] = defaultdict(list)
    for row in rows:
        if row.online and row.field is None:
            online_only[row.online.birth].append(row)
    fields_by_birth: dict[date | None, list[MatchRow]] = defaultdict(list)
    for row in rows:
        if row.field:
            fields_by_birth[row.field.birth].append(row)
    taken: set[int] = set()
    # Ordered by natural key, not row id: both backends then decide alike.
    loose_field = sorted((r for r in rows if r.online is None and r.field
                          and not r.field.has_nik), key=lambda r: _key(r))
    for row in loose_field:
        assert row.field is not None
        best: tuple[float, MatchRow] | None = None
        for candidate in online_only.get(row.field.birth, ()):
            if candidate.id in taken:
                continue
            assert candidate.online is not None
            score = _same_person(candidate.online, row.field)
            if score is not None and (best is None or score > best[0]):
                best = (score, candidate)
        if best is not None:
            taken.add(best[1].id)
            assert best[1].online is not None
            decisions.pairs.append((best[1], row, compare(best[1].online, row.field)))
            continue
        same_birth = fields_by_birth.get(row.field.birth, ())
        original = _first_same(row.field, (r.field for r in same_birth if r.field
                                           and r.id != row.id
                                           and (r.field.has_nik or _key(r) < _key(row))))
        if original is not None:
            decisions.duplicates.append((row, original.key))
    onlines = sorted((r for r in rows if r.online),
                     key=lambda r: (r.field is None and r.id not in taken, _key(r)))
    earlier: dict[date | None, list[Side]] = defaultdict(list)  # onlines before, by birth
    for row in onlines:
        assert row.online is not None
        if row.id not in taken:
            original = _first_same(row.online, earlier.get(row.online.birth, ()))
            if original is not None:
                decisions.duplicates.append((row, original.key))
        earlier[row.online.birth].append(row.online)
    return decisions


def _key(row: MatchRow) -> str:
    side = row.online or row.field
    return side.key if side else ""


def _first_same(record: Side, others: Iterable[Side]) -> Side | None:
    for other in others:
        if other.key != record.key and _same_person(other, record) is not None:
            return other
    return None
