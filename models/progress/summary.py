"""Progress against the office targets per area, PPL, team or Koseka, with the week's change."""
from __future__ import annotations

import enum
import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from models.progress.facts import ProgressFacts, Ref, SlsArea

WEEK = timedelta(days=7)
OUTSIDE = Ref(-1, "", "(wilayah di luar master)")


class ProgressLevel(enum.Enum):
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SLS = "sls"
    PPL = "ppl"
    TIM = "tim"
    KOSEKA = "koseka"


LEVEL_LABELS = {
    ProgressLevel.KECAMATAN: "Kecamatan", ProgressLevel.KELURAHAN: "Kelurahan/Desa",
    ProgressLevel.SLS: "SLS", ProgressLevel.PPL: "PPL", ProgressLevel.TIM: "Tim",
    ProgressLevel.KOSEKA: "Koseka",
}
AREA_LEVELS = (ProgressLevel.KECAMATAN, ProgressLevel.KELURAHAN, ProgressLevel.SLS)
NOBODY = {ProgressLevel.PPL: "(belum ada PPL)", ProgressLevel.TIM: "(belum ada tim)",
          ProgressLevel.KOSEKA: "(belum ada Koseka)"}


def share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


@dataclass
class ProgressRow:
    key: int
    code: str
    name: str
    online_target_pct: Decimal
    field_target_pct: Decimal
    sls_count: int = 0
    expected_households: int = 0
    expected_population: int = 0
    households_found: int = 0
    online_persons: int = 0
    households_found_week_ago: int = 0
    online_persons_week_ago: int = 0
    pml: str = ""  # a team's PML

    @property
    def field_pct(self) -> float:
        return share(self.households_found, self.expected_households)

    @property
    def online_pct(self) -> float:
        return share(self.online_persons, self.expected_population)

    @property
    def online_on_target(self) -> bool:
        return self.online_pct >= float(self.online_target_pct)

    @property
    def field_on_target(self) -> bool:
        return self.field_pct >= float(self.field_target_pct)

    @property
    def online_short(self) -> int:
        """Persons still to fill online before the target is reached."""
        needed = math.ceil(float(self.online_target_pct) * self.expected_population / 100)
        return max(0, needed - self.online_persons)

    @property
    def online_week_change(self) -> int:
        return self.online_persons - self.online_persons_week_ago

    @property
    def field_week_change(self) -> int:
        return self.households_found - self.households_found_week_ago

    @property
    def online_week_points(self) -> float:
        """Change of the online share over the week, in percentage points."""
        return self.online_pct - share(self.online_persons_week_ago, self.expected_population)

    @property
    def field_week_points(self) -> float:
        return self.field_pct - share(self.households_found_week_ago, self.expected_households)


@dataclass(frozen=True)
class ProgressView:
    level: ProgressLevel
    day: date | None  # counts as of the end of this day (the latest data unless chosen)
    rows: list[ProgressRow]
    total: ProgressRow

    @property
    def week_ago(self) -> date | None:
        return self.day - WEEK if self.day else None


@dataclass(frozen=True)
class DayPoint:
    day: date
    online_persons: int
    households_found: int


def group_of(facts: ProgressFacts, area: SlsArea, level: ProgressLevel) -> Ref:
    if level is ProgressLevel.KECAMATAN:
        return area.kecamatan
    if level is ProgressLevel.KELURAHAN:
        return area.kelurahan
    if level is ProgressLevel.SLS:
        return Ref(area.id, area.code, area.name)
    nobody = Ref(0, "", NOBODY[level])
    if level is ProgressLevel.KOSEKA:
        return facts.koseka_of_kecamatan.get(area.kecamatan.id, nobody)
    ppl = facts.ppl_of_sls.get(area.id)
    if level is ProgressLevel.PPL:
        return ppl or nobody
    return (facts.team_of_ppl.get(ppl.id) if ppl else None) or nobody


def progress_view(facts: ProgressFacts, level: ProgressLevel, *, kecamatan_id: int | None = None,
                  kelurahan_id: int | None = None, day: date | None = None) -> ProgressView:
    """One row per group of `level` (optionally only inside one kecamatan or kelurahan).

    Groups nobody has reached yet are listed with zeros. Online records whose area is not
    in the master get a row of their own when the whole office is shown.
    """
    day = day or facts.last_day
    week_ago = day - WEEK if day else None
    rows: dict[int, ProgressRow] = {}

    def row_for(ref: Ref) -> ProgressRow:
        if ref.id not in rows:
            rows[ref.id] = ProgressRow(ref.id, ref.code, ref.name, facts.online_target_pct,
                                       facts.field_target_pct)
            if level is ProgressLevel.TIM:
                rows[ref.id].pml = facts.pml_of_team.get(ref.id, "")
        return rows[ref.id]

    for area in facts.areas_within(kecamatan_id, kelurahan_id):
        row = row_for(group_of(facts, area, level))
        row.sls_count += 1
        row.expected_households += area.expected_households
        row.expected_population += area.expected_population
        row.households_found += facts.field_at(area.id, day)
        row.online_persons += facts.online_at(area.id, day)
        if week_ago:
            row.households_found_week_ago += facts.field_at(area.id, week_ago)
            row.online_persons_week_ago += facts.online_at(area.id, week_ago)
    whole_office = kecamatan_id is None and kelurahan_id is None
    if whole_office and facts.online_at(None, day):
        outside = row_for(OUTSIDE)
        outside.online_persons = facts.online_at(None, day)
        outside.online_persons_week_ago = facts.online_at(None, week_ago) if week_ago else 0
    ordered = sorted(rows.values(), key=lambda r: (r.key == OUTSIDE.id, r.key == 0, r.code,
                                                   r.name))
    return ProgressView(level, day, ordered, total_of(ordered, facts))


def total_of(rows: list[ProgressRow], facts: ProgressFacts, name: str = "Jumlah") -> ProgressRow:
    total = ProgressRow(0, "", name, facts.online_target_pct, facts.field_target_pct)
    for row in rows:
        for attribute in ("sls_count", "expected_households", "expected_population",
                          "households_found", "online_persons", "households_found_week_ago",
                          "online_persons_week_ago"):
            setattr(total, attribute, getattr(total, attribute) + getattr(row, attribute))
    return total


def daily_series(facts: ProgressFacts, *, kecamatan_id: int | None = None,
                 kelurahan_id: int | None = None) -> list[DayPoint]:
    """Online persons and households found at the end of every day something changed."""
    sls_ids = [a.id for a in facts.areas_within(kecamatan_id, kelurahan_id)]
    whole_office = kecamatan_id is None and kelurahan_id is None
    points = []
    for day in facts.days:
        online = sum(facts.online_at(s, day) for s in sls_ids)
        if whole_office:
            online += facts.online_at(None, day)
        points.append(DayPoint(day, online, sum(facts.field_at(s, day) for s in sls_ids)))
    return points
