"""Reminders per team: each PML's (and Koseka's) PPL, worst first, as a sheet and a chat text.

A sheet is read once from the progress facts (the same figures as the Progres page, at the
last day with data), the calendar's inactivity list and one grouped count of the persons
who filled online but were not found in the field yet. The chat text is what a PML pastes
into the team's WhatsApp group: short, Indonesian, names cleaned of the characters that
would break its *bold*, and never a NIK.
"""
from __future__ import annotations

import enum
import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.formatting import format_number, format_percent, format_short_date
from models.office.profile import get_profile, role_labels
from models.progress.facts import ProgressFacts, load_facts
from models.progress.inactivity import InactivePpl, inactive_ppl
from models.progress.summary import ProgressLevel, ProgressRow, progress_view, share, target_of
from models.schedule.forecast import Forecast, finish_text
from models.schedule.standing import ScheduleStatus
from models.schema.officers import Officer, OfficerRole, Team, TeamMember
from models.schema.recon import PersonMatch, ReconCategory

log = logging.getLogger(__name__)

CHAT_NAMES = 5  # names listed on one line of the chat text; the rest as "dan N lainnya"

# worst first: how far behind, then the rest (a done PPL needs no reminder)
STATUS_ORDER = [ScheduleStatus.JAUH_TERTINGGAL, ScheduleStatus.TERTINGGAL,
                ScheduleStatus.BELUM_MULAI, ScheduleStatus.SESUAI,
                ScheduleStatus.TIDAK_DIJADWALKAN, ScheduleStatus.TANPA_TARGET,
                ScheduleStatus.SELESAI]


class SheetKind(enum.Enum):
    TEAM = "tim"  # a PML's team
    KOSEKA = "koseka"  # the PPL working in a Koseka's kecamatan


@dataclass(frozen=True)
class PplLine:
    """One PPL of a sheet, at the end of the sheet's day (no NIK: nothing to leak)."""

    officer_id: int
    name: str
    sls_count: int  # SLS assigned
    sls_done: int  # of them, those whose field target is reached
    households_target: int  # what the field target asks of his or her SLS
    households_found: int
    expected_today: int  # households the calendar planned by the day
    status: ScheduleStatus
    forecast: Forecast | None
    idle_days: int  # working days without new households (0: not inactive)
    last_gain: date | None  # the last day one of the SLS gained households; None: never
    online_only: int  # persons filled online, not found in the field: to visit and verify

    @property
    def inactive(self) -> bool:
        return self.idle_days > 0

    @property
    def found_pct(self) -> float:
        return share(self.households_found, self.households_target)

    @property
    def expected_pct(self) -> float:
        return share(self.expected_today, self.households_target)

    @property
    def gap(self) -> int:
        """Households behind the plan (negative: ahead of it)."""
        return self.expected_today - self.households_found

    @property
    def sls_left(self) -> int:
        return self.sls_count - self.sls_done

    @property
    def households_left(self) -> int:
        return max(0, self.households_target - self.households_found)


@dataclass(frozen=True)
class TeamSheet:
    kind: SheetKind
    key: int  # the team's id, or the Koseka's officer id
    title: str  # "Tim 03", or the Koseka's kecamatan
    leader: str  # the PML's or the Koseka's name ("" when the team has no PML)
    leader_id: int | None
    day: date | None  # the figures are those at the end of this day; None: no data yet
    households_target: int
    households_found: int
    expected_today: int
    status: ScheduleStatus
    forecast: Forecast | None
    lines: list[PplLine] = field(default_factory=list)  # worst first
    scheduled: bool = True  # the calendar has a field window: expected, behind, forecast

    @property
    def found_pct(self) -> float:
        return share(self.households_found, self.households_target)

    @property
    def expected_pct(self) -> float:
        return share(self.expected_today, self.households_target)

    @property
    def sls_count(self) -> int:
        return sum(line.sls_count for line in self.lines)

    @property
    def sls_done(self) -> int:
        return sum(line.sls_done for line in self.lines)

    @property
    def online_only(self) -> int:
        return sum(line.online_only for line in self.lines)

    @property
    def behind(self) -> list[PplLine]:
        return [line for line in self.lines if line.status.behind]

    @property
    def inactive(self) -> list[PplLine]:
        return sorted((line for line in self.lines if line.inactive),
                      key=lambda line: -line.idle_days)


def online_only_per_sls(session: Session) -> dict[int, int]:
    """Hanya-online persons per SLS: one grouped count over the recon index."""
    query = (select(PersonMatch.sls_id, func.count())
             .where(PersonMatch.category == ReconCategory.HANYA_ONLINE,
                    PersonMatch.sls_id.is_not(None))
             .group_by(PersonMatch.sls_id))
    return {sls_id: count for sls_id, count in session.execute(query)}


def _rank(line: PplLine) -> tuple[int, bool, float, int, str, int]:
    """Worst first: the status, then inactive before active, the share of the target behind
    the plan, the persons to verify, then by name."""
    behind = (line.gap / line.households_target) if line.households_target else 0.0
    return (STATUS_ORDER.index(line.status), not line.inactive, -behind, -line.online_only,
            line.name.casefold(), line.officer_id)


def _lines(facts: ProgressFacts, day: date | None, online_only: dict[int, int]
           ) -> dict[int, PplLine]:
    """A line for every PPL with SLS, by officer id."""
    rows = {row.key: row for row in progress_view(facts, ProgressLevel.PPL, day=day).rows
            if row.key > 0}
    idle: dict[int, InactivePpl] = {}
    if day is not None:
        idle = {p.ppl.id: p for p in inactive_ppl(facts, facts.calendar, day)}
    done: dict[int, int] = defaultdict(int)
    persons: dict[int, int] = defaultdict(int)
    for sls_id, ppl in facts.ppl_of_sls.items():
        area = facts.areas.get(sls_id)
        if area is None:
            continue
        target = target_of(facts.field_target_pct, area.expected_households)
        if target > 0 and facts.field_at(sls_id, day) >= target:
            done[ppl.id] += 1
        persons[ppl.id] += online_only.get(sls_id, 0)
    lines = {}
    for officer_id, row in rows.items():
        quiet = idle.get(officer_id)
        lines[officer_id] = PplLine(
            officer_id, row.name, row.sls_count, done[officer_id], row.field_target,
            row.households_found, row.expected_households_today, row.field_status,
            row.field_forecast, quiet.idle_working_days if quiet else 0,
            quiet.last_day if quiet else None, persons[officer_id])
    return lines


def _empty_line(officer_id: int, name: str) -> PplLine:
    """A team member with no SLS yet: listed, so the PML sees who has nothing to do."""
    return PplLine(officer_id, name, 0, 0, 0, 0, 0, ScheduleStatus.TANPA_TARGET, None, 0, None, 0)


def _sheet(facts: ProgressFacts, kind: SheetKind, key: int, title: str, leader: str,
           leader_id: int | None, day: date | None, row: ProgressRow | None,
           lines: list[PplLine]) -> TeamSheet:
    lines = sorted(lines, key=_rank)
    scheduled = bool(facts.calendar.field or facts.calendar.kecamatan_field)
    if row is None:
        return TeamSheet(kind, key, title, leader, leader_id, day, 0, 0, 0,
                         ScheduleStatus.TANPA_TARGET, None, lines, scheduled)
    return TeamSheet(kind, key, title, leader, leader_id, day, row.field_target,
                     row.households_found, row.expected_households_today, row.field_status,
                     row.field_forecast, lines, scheduled)


def team_sheets(session: Session, *, pml_id: int | None = None, koseka_id: int | None = None,
                day: date | None = None, facts: ProgressFacts | None = None
                ) -> list[TeamSheet]:
    """One sheet per PML team (by team code), then one per Koseka (by name).

    `pml_id`: only the teams of that PML; `koseka_id`: only that Koseka's sheet (over the
    PPL with an SLS in his or her kecamatan; a PPL's figures are those of all his or her
    SLS). Without either, every team and every Koseka. The figures are those at the end
    of `day`, by default the last day with data (`ProgressFacts.last_day`).
    """
    facts = facts or load_facts(session)
    day = day or facts.last_day
    lines = _lines(facts, day, online_only_per_sls(session))
    sheets: list[TeamSheet] = []
    if koseka_id is None:
        sheets += _team_sheets(session, facts, day, lines, pml_id)
    if pml_id is None:
        sheets += _koseka_sheets(facts, day, lines, koseka_id)
    return sheets


def _team_sheets(session: Session, facts: ProgressFacts, day: date | None,
                 lines: dict[int, PplLine], pml_id: int | None) -> list[TeamSheet]:
    query = (select(Team.id, Team.code, Team.name, Team.pml_id, Officer.name)
             .outerjoin(Officer, Officer.id == Team.pml_id).order_by(Team.code, Team.id))
    if pml_id is not None:
        query = query.where(Team.pml_id == pml_id)
    teams = session.execute(query).all()
    if not teams:
        return []
    members: dict[int, list[PplLine]] = defaultdict(list)
    for team_id, officer_id, name in session.execute(
            select(TeamMember.team_id, Officer.id, Officer.name)
            .join(Officer, Officer.id == TeamMember.officer_id)
            .where(TeamMember.valid_to.is_(None), Officer.role == OfficerRole.PPL,
                   TeamMember.team_id.in_([t[0] for t in teams]))):
        members[team_id].append(lines.get(officer_id) or _empty_line(officer_id, name))
    rows = {row.key: row for row in progress_view(facts, ProgressLevel.TIM, day=day).rows}
    return [_sheet(facts, SheetKind.TEAM, team_id, name or code, leader or "", leader_id, day,
                   rows.get(team_id), members[team_id])
            for team_id, code, name, leader_id, leader in teams]


def _koseka_sheets(facts: ProgressFacts, day: date | None, lines: dict[int, PplLine],
                   koseka_id: int | None) -> list[TeamSheet]:
    kecamatan_of: dict[int, list[str]] = defaultdict(list)
    names: dict[int, str] = {}
    for kecamatan_id, koseka in facts.koseka_of_kecamatan.items():
        if koseka_id is None or koseka.id == koseka_id:
            areas = facts.areas_within(kecamatan_id)
            kecamatan_of[koseka.id].append(areas[0].kecamatan.name if areas else "")
            names[koseka.id] = koseka.name
    if not names:
        return []
    ppl_of: dict[int, set[int]] = defaultdict(set)
    koseka_by_kecamatan = {k: ref.id for k, ref in facts.koseka_of_kecamatan.items()}
    for sls_id, ppl in facts.ppl_of_sls.items():
        area = facts.areas.get(sls_id)
        owner = koseka_by_kecamatan.get(area.kecamatan.id) if area else None
        if owner in names:
            ppl_of[owner].add(ppl.id)
    rows = {row.key: row for row in progress_view(facts, ProgressLevel.KOSEKA, day=day).rows}
    sheets = []
    for officer_id in sorted(names, key=lambda k: (names[k].casefold(), k)):
        title = ", ".join(sorted(n for n in kecamatan_of[officer_id] if n))
        sheets.append(_sheet(facts, SheetKind.KOSEKA, officer_id, f"Kecamatan {title}" if title
                             else "Kecamatan", names[officer_id], officer_id, day,
                             rows.get(officer_id),
                             [lines[p] for p in ppl_of[officer_id] if p in lines]))
    return sheets


def office_labels(session: Session) -> dict[OfficerRole, str]:
    """What the office calls its PPL, PML and Koseka (from the office profile)."""
    return role_labels(get_profile(session))


# --- the chat text ------------------------------------------------------------------------

_MARKS = re.compile(r"[*_~`]")  # WhatsApp's bold, italic, strike-through and monospace
_SPACES = re.compile(r"[\s\u2028\u2029\u0085]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_LONG_NUMBER = re.compile(r"[0-9]{16,}")  # a NIK or No. KK typed into a name


def chat_safe(text: str) -> str:
    """`text` on one line, without the marks that would format the message, and without a
    16-digit number (a NIK typed into a name field is still a NIK)."""
    text = _SPACES.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = _MARKS.sub("", text)
    text = _LONG_NUMBER.sub("…", text)
    return _SPACES.sub(" ", text).strip()


def _names(items: list[str], limit: int = CHAT_NAMES) -> str:
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    return f"{shown}, dan {format_number(more)} lainnya" if more > 0 else shown


def _pct(value: float) -> str:
    return format_percent(value, 0)


def _last_gain(line: PplLine) -> str:
    return f"terakhir {format_short_date(line.last_gain)}" if line.last_gain else "belum lapor"


def forecast_phrase(forecast: Forecast | None) -> str:
    """The likely finish at the recent pace, in words; "" when there is none."""
    return finish_text(forecast, late=" (lewat jadwal)")


def sheet_heading(sheet: TeamSheet, labels: dict[OfficerRole, str]) -> str:
    """'Tim 03 — PML: Siti Aminah' or 'Koseka Rahmat — Kecamatan Banjarmasin Utara'."""
    if sheet.kind is SheetKind.TEAM:
        leader = chat_safe(sheet.leader) or "(belum ada)"
        return f"{chat_safe(sheet.title)} — {chat_safe(labels[OfficerRole.PML])}: {leader}"
    return (f"{chat_safe(labels[OfficerRole.KOSEKA])} {chat_safe(sheet.leader)} — "
            f"{chat_safe(sheet.title)}")


def chat_text(sheet: TeamSheet, *, labels: dict[OfficerRole, str],
              day: date | None = None) -> str:
    """The sheet as a message for the team's chat group (WhatsApp): a bold heading, the
    team's figures against the plan, who is behind or inactive, what is left to verify.
    About ten lines whatever the team's size (names beyond CHAT_NAMES are counted)."""
    day = day or sheet.day
    ppl = chat_safe(labels[OfficerRole.PPL])
    lines = [f"*{sheet_heading(sheet, labels)}*"]
    if day is None:
        lines.append("Belum ada rekap SLS atau hasil lapangan.")
    else:
        state = (f"Keadaan {format_short_date(day)}: {format_number(sheet.households_found)} "
                 f"dari {format_number(sheet.households_target)} ruta "
                 f"({_pct(sheet.found_pct)})")
        if not sheet.scheduled or sheet.status in (ScheduleStatus.TANPA_TARGET,
                                                   ScheduleStatus.SELESAI):
            lines.append(f"{state}.")
        else:
            lines.append(f"{state}, seharusnya {_pct(sheet.expected_pct)}.")
    if not sheet.lines:
        lines.append(f"Belum ada {ppl} dengan SLS.")
        return "\n".join(lines)
    lines.append(f"SLS selesai: {format_number(sheet.sls_done)} dari "
                 f"{format_number(sheet.sls_count)}.")
    for status in (ScheduleStatus.JAUH_TERTINGGAL, ScheduleStatus.TERTINGGAL):
        behind = [f"{chat_safe(line.name)} ({_pct(line.found_pct)}, target hari ini "
                  f"{_pct(line.expected_pct)})" for line in sheet.lines if line.status is status]
        if behind:
            lines.append(f"{status.label.capitalize()}: {_names(behind)}.")
    if not sheet.scheduled:  # nobody is behind a plan there is not: the lowest shares instead
        lowest = sorted((line for line in sheet.lines
                         if line.households_target and line.status is not ScheduleStatus.SELESAI),
                        key=lambda line: (line.found_pct, line.name.casefold()))
        if lowest:
            shares = [f"{chat_safe(line.name)} ({_pct(line.found_pct)})" for line in lowest[:3]]
            lines.append(f"Capaian terendah: {', '.join(shares)}.")
    quiet = [f"{chat_safe(line.name)} {format_number(line.idle_days)} hari ({_last_gain(line)})"
             for line in sheet.inactive]
    if quiet:
        lines.append(f"Tidak aktif: {_names(quiet)}.")
    if sheet.online_only:
        most = sorted((line for line in sheet.lines if line.online_only),
                      key=lambda line: (-line.online_only, line.name.casefold()))
        who = _names([f"{chat_safe(line.name)} {format_number(line.online_only)}"
                      for line in most], 3)
        lines.append(f"Hanya online, perlu dikunjungi: {format_number(sheet.online_only)} "
                     f"orang ({who}).")
    if sheet.scheduled:
        on_track = sum(1 for line in sheet.lines
                       if line.status in (ScheduleStatus.SESUAI, ScheduleStatus.SELESAI))
        lines.append(f"Sesuai jadwal atau selesai: {format_number(on_track)} dari "
                     f"{format_number(len(sheet.lines))} {ppl}.")
    else:
        done = sum(1 for line in sheet.lines if line.status is ScheduleStatus.SELESAI)
        lines.append(f"Selesai: {format_number(done)} dari {format_number(len(sheet.lines))} "
                     f"{ppl}.")
    finish = forecast_phrase(sheet.forecast)
    if finish and sheet.status is not ScheduleStatus.SELESAI:
        lines.append(f"Perkiraan selesai: {finish}.")
    if sheet.behind or sheet.inactive:
        leader = OfficerRole.PML if sheet.kind is SheetKind.TEAM else OfficerRole.KOSEKA
        lines.append(f"Mohon yang tertinggal dan tidak aktif segera melapor ke "
                     f"{chat_safe(labels[leader])}.")
    return "\n".join(lines)
