"""Progress letters: to the mayor (whole city), each camat (its kelurahan), each lurah (its SLS).

Each letter states online participation against the target and field completion, with a
table of the areas one level down, a chart, the week's change and the areas still behind.
Where the office's calendar plans the field work, it states what was planned by the day of
the counts, how far the area is from it and the finish the last week's pace points to.
"""
from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.formatting import format_date, format_number, format_percent
from models.letters.layout import LetterContent, LetterContentError
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.area_map import AreaMap, MapPart
from models.letters.pdf.chart import FIELD, ONLINE, BarChart, Series
from models.letters.pdf.rows import Col, RowTable
from models.letters.pdf.text import PlainParagraph
from models.maps.bands import BAND_COLOURS, band, band_labels, share_of_plan
from models.maps.queries import MapArea, map_label, map_layer
from models.office.profile import ProfileData
from models.progress.facts import ProgressFacts, load_facts
from models.progress.summary import (
    OUTSIDE,
    ProgressLevel,
    ProgressRow,
    ProgressView,
    progress_view,
    share,
)
from models.schedule.calendar import Window, period_text
from models.schedule.forecast import finish_text
from models.schedule.standing import ScheduleStatus
from models.schema.areas import Kecamatan, Kelurahan, VillageKind
from models.schema.letters import LetterKind
from models.schema.maps import BoundaryLevel
from models.store.gc_pause import collection_paused

CENSUS = "Sensus Penduduk"


class AreaScope(enum.Enum):
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"


KIND = {AreaScope.KOTA: LetterKind.PROGRES_KOTA,
        AreaScope.KECAMATAN: LetterKind.PROGRES_KECAMATAN,
        AreaScope.KELURAHAN: LetterKind.PROGRES_KELURAHAN}
CHILD = {AreaScope.KOTA: ProgressLevel.KECAMATAN, AreaScope.KECAMATAN: ProgressLevel.KELURAHAN,
         AreaScope.KELURAHAN: ProgressLevel.SLS}
CHILD_LABEL = {AreaScope.KOTA: "Kecamatan", AreaScope.KECAMATAN: "Kelurahan/Desa",
               AreaScope.KELURAHAN: "SLS"}


def _in_sentence(label: str) -> str:
    """'Kelurahan/Desa' → 'kelurahan/desa' inside a sentence; an acronym (SLS) stays."""
    return label if label.isupper() else label.lower()


@dataclass(frozen=True)
class AreaAddressee:
    """An area a progress letter reports on, and the head it is sent to."""

    scope: AreaScope
    area_id: int  # 0 for the whole office
    code: str
    name: str  # "Kota Banjarmasin", "Kecamatan Banjarmasin Utara", "Kelurahan Alalak Utara"
    head: str  # "Wali Kota Banjarmasin", "Camat Banjarmasin Utara"
    parent_head: str = ""  # the camat of a kelurahan, for the Tembusan
    kecamatan_id: int | None = None
    kelurahan_id: int | None = None


# What a caller may attach to an area's letter: the Lampiran's flowables (none: no Lampiran).
# Made by a floor above letters (models.quality.letter_annex), which reads its own data.
Annex = Callable[[AreaAddressee], list[Flowable]]
ANNEX_TITLE = "MUTU DATA HASIL PENCACAHAN LAPANGAN"


def region_head(profile: ProfileData) -> str:
    """Wali Kota X for a kota, Bupati X for a kabupaten."""
    region = profile.region_name.strip() or "Kota"
    for prefix, head in (("Kota ", "Wali Kota "), ("Kabupaten ", "Bupati "), ("Kab. ", "Bupati ")):
        if region.startswith(prefix):
            return head + region.removeprefix(prefix)
    return f"Kepala Daerah {region}"


def addressees(session: Session, profile: ProfileData, scope: AreaScope,
               codes: list[str] | None = None) -> list[AreaAddressee]:
    """The areas of `scope` (all, or those with the given BPS codes), in code order."""
    if scope is AreaScope.KOTA:
        return [AreaAddressee(scope, 0, profile.region_code, profile.region_name or "Kota",
                              region_head(profile))]
    if scope is AreaScope.KECAMATAN:
        query = select(Kecamatan).order_by(Kecamatan.bps_code)
        if codes:
            query = query.where(Kecamatan.bps_code.in_(codes))
        return [AreaAddressee(scope, k.id, k.bps_code, f"Kecamatan {k.name}", f"Camat {k.name}",
                              kecamatan_id=k.id) for k in session.scalars(query)]
    query = (select(Kelurahan, Kecamatan.name).join(Kecamatan)
             .order_by(Kelurahan.bps_code))
    if codes:
        query = query.where(Kelurahan.bps_code.in_(codes))
    found = []
    for kel, kecamatan in session.execute(query):
        title = "Lurah" if kel.kind is VillageKind.KELURAHAN else "Kepala Desa"
        kind = "Kelurahan" if kel.kind is VillageKind.KELURAHAN else "Desa"
        found.append(AreaAddressee(scope, kel.id, kel.bps_code, f"{kind} {kel.name}",
                                   f"{title} {kel.name}", f"Camat {kecamatan}",
                                   kelurahan_id=kel.id))
    return found


def scheduled(row: ProgressRow) -> bool:
    return row.field_status not in (ScheduleStatus.TIDAK_DIJADWALKAN, ScheduleStatus.TANPA_TARGET)


def _schedule_table(rows: list[ProgressRow], total: ProgressRow, child: str) -> RowTable:
    """Online share, field counts, the planned share by the day and the forecast finish (a
    star: after the window's end)."""
    columns = [Col("No.", 9 * mm, "center"), Col(child), Col("Online", 15 * mm, "right"),
               Col("Ruta (target)", 19 * mm, "right"), Col("Ruta dicacah", 19 * mm, "right"),
               Col("Lapangan", 17 * mm, "right"), Col("Seharusnya", 19 * mm, "right"),
               Col("Perkiraan selesai", 23 * mm, "right")]

    def cells(row: ProgressRow) -> list[str]:
        planned = share(row.expected_households_today, row.expected_households)
        return [row.name, format_percent(row.online_pct), format_number(row.expected_households),
                format_number(row.households_found), format_percent(row.field_pct),
                format_percent(planned),
                finish_text(row.field_forecast, late="*", none="-")]

    body = [[str(n), *cells(r)] for n, r in enumerate(rows, start=1)]
    return RowTable(columns, body, total=["", *cells(total)])


def _table(rows: list[ProgressRow], total: ProgressRow, child: str) -> RowTable:
    if scheduled(total):
        return _schedule_table(rows, total, child)
    columns = [Col("No.", 9 * mm, "center"), Col(child), Col("Penduduk (perkiraan)", 22 * mm,
                                                             "right"),
               Col("Isian online", 19 * mm, "right"), Col("Online", 15 * mm, "right"),
               Col("Ruta (target)", 19 * mm, "right"), Col("Ruta dicacah", 19 * mm, "right"),
               Col("Lapangan", 17 * mm, "right")]

    def cells(row: ProgressRow) -> list[str]:
        return [row.name, format_number(row.expected_population),
                format_number(row.online_persons), format_percent(row.online_pct),
                format_number(row.expected_households), format_number(row.households_found),
                format_percent(row.field_pct)]

    body = [[str(n), *cells(r)] for n, r in enumerate(rows, start=1)]
    return RowTable(columns, body, total=["", *cells(total)])


def _chart(rows: list[ProgressRow], facts: ProgressFacts, child: str) -> BarChart:
    shown = [r for r in rows if r.key != OUTSIDE.id]
    target = float(facts.online_target_pct)
    return BarChart(
        f"Partisipasi online dan penyelesaian lapangan per {_in_sentence(child)}",
        [r.name for r in shown],
        [Series("Online (% penduduk)", [r.online_pct for r in shown], ONLINE),
         Series("Lapangan (% ruta)", [r.field_pct for r in shown], FIELD)],
        height=68 * mm, target=target,
        target_label=f"target online {format_percent(target, 0)}")


def _behind(rows: list[ProgressRow], child: str) -> str:
    behind = [r for r in rows if r.key != OUTSIDE.id and r.expected_population
              and not r.online_on_target]
    if not behind:
        return f"Seluruh {_in_sentence(child)} telah mencapai target partisipasi online."
    behind.sort(key=lambda r: r.online_pct)
    listed = ", ".join(f"{r.name} ({format_percent(r.online_pct)}, kurang "
                       f"{format_number(r.online_short)} orang)" for r in behind[:8])
    more = f", dan {len(behind) - 8} lainnya" if len(behind) > 8 else ""
    return (f"{len(behind)} {_in_sentence(child)} belum mencapai target partisipasi online, "
            f"terendah: {listed}{more}.")


def schedule_sentence(total: ProgressRow, window: Window | None) -> str:
    """The field work against the calendar: planned by the day, the gap, the finish."""
    if window is None or not scheduled(total):
        return ""
    planned = share(total.expected_households_today, total.expected_households)
    text = (f" Menurut jadwal pencacahan lapangan tanggal {period_text(window)}, sampai tanggal "
            f"tersebut seharusnya telah dicacah {format_number(total.expected_households_today)}"
            f" rumah tangga ({format_percent(planned)})")
    status = total.field_status
    if status is ScheduleStatus.SELESAI:
        return f"{text}; pencacahan telah selesai."
    if status.behind:
        text += (f"; capaian masih kurang {format_number(total.field_gap)} rumah tangga dari "
                 f"rencana ({status.label})")
    else:
        text += "; capaian sesuai jadwal"
    forecast = total.field_forecast
    if forecast is None:
        return f"{text}."
    if forecast.stalled or forecast.day is None:
        return (f"{text}. Dengan laju tujuh hari kerja terakhir, pencacahan belum dapat "
                "diperkirakan selesai.")
    late = ("" if forecast.finishes_in_window
            else f", melewati akhir jadwal tanggal {format_date(window.end)}")
    return (f"{text}. Dengan laju tujuh hari kerja terakhir, pencacahan diperkirakan selesai "
            f"pada tanggal {format_date(forecast.day)}{late}.")


def _summary(view: ProgressView, addressee: AreaAddressee, profile: ProfileData,
             window: Window | None = None) -> list[str]:
    total = view.total
    day = format_date(view.day) if view.day else "hari ini"
    week = ""
    if view.week_ago:
        week = (f" Dalam tujuh hari terakhir bertambah {format_number(total.online_week_change)} "
                f"orang ({format_number(total.online_week_points, 1)} poin persen).")
    return [
        f"Bersama ini kami sampaikan perkembangan pelaksanaan {CENSUS} di {addressee.name} "
        f"sampai dengan tanggal {day} sebagai berikut:",
        f"1. Penduduk yang telah mengisi {CENSUS} Online sebanyak "
        f"{format_number(total.online_persons)} orang, atau {format_percent(total.online_pct)} "
        f"dari perkiraan {format_number(total.expected_population)} penduduk; target "
        f"partisipasi online adalah {format_percent(profile.online_target_pct, 0)}.{week}",
        f"2. Pencacahan lapangan telah menjangkau {format_number(total.households_found)} dari "
        f"{format_number(total.expected_households)} rumah tangga "
        f"({format_percent(total.field_pct)}); seminggu terakhir bertambah "
        f"{format_number(total.field_week_change)} rumah tangga."
        f"{schedule_sentence(total, window)}",
    ]


def progress_letter(facts: ProgressFacts, addressee: AreaAddressee, profile: ProfileData,
                    day: date | None = None, *, annex: Annex | None = None,
                    shapes: Sequence[MapArea] = (), made_up: bool = False) -> LetterContent:
    """The letter on `addressee`'s area, with counts as of `day` (the latest data if None);
    with `annex`, what it makes for the area follows as the Lampiran; with `shapes` (its
    kecamatan, kelurahan or SLS boundaries), a map of them coloured by field progress."""
    style = letter_pdf.styles()
    child = CHILD_LABEL[addressee.scope]
    view = progress_view(facts, CHILD[addressee.scope], kecamatan_id=addressee.kecamatan_id,
                         kelurahan_id=addressee.kelurahan_id, day=day)
    summary = _summary(view, addressee, profile, _window(facts, addressee))
    body: list[Flowable] = [PlainParagraph(summary[0], style["justify"])]
    indent = style["justify"].clone("item", leftIndent=5 * mm, firstLineIndent=-5 * mm)
    body += [PlainParagraph(text, indent) for text in summary[1:]]
    body += [Spacer(1, 3 * mm), _table(view.rows, view.total, child)]
    if scheduled(view.total) and any(r.field_forecast and not r.field_forecast.finishes_in_window
                                     for r in [*view.rows, view.total]):
        body.append(PlainParagraph("* melewati akhir jadwal pencacahan lapangan.",
                                   style["small"]))
    body += [Spacer(1, 4 * mm),
             KeepTogether([_chart(view.rows, facts, child)]), Spacer(1, 3 * mm)]
    if shapes:
        body += [KeepTogether([_map(view.rows, shapes, child, CHILD_BOUNDARIES[addressee.scope],
                                    made_up)]), Spacer(1, 3 * mm)]
    body += [PlainParagraph(_behind(view.rows, child), style["justify"]), Spacer(1, 2 * mm)]
    attachment = annex(addressee) if annex is not None else []
    if attachment:
        body += [PlainParagraph(
            "Gambaran mutu data hasil pencacahan lapangan (piramida penduduk dan sebaran "
            "ukuran kewajaran per petugas) kami sampaikan dalam lampiran surat ini.",
            style["justify"]), Spacer(1, 2 * mm)]
    body.append(PlainParagraph(
        "Sehubungan dengan hal tersebut, kami mohon dukungan Bapak/Ibu untuk mendorong "
        f"warga yang belum mengisi agar segera mengisi {CENSUS} Online, serta menerima "
        "petugas sensus yang datang ke rumah. Atas perhatian dan kerja sama Bapak/Ibu, "
        "kami ucapkan terima kasih.", style["justify"]))
    tembusan = [f"Kepala BPS Provinsi {profile.province_name}".strip()]
    if addressee.scope is not AreaScope.KOTA:
        tembusan.append(region_head(profile))
    if addressee.parent_head:
        tembusan.append(addressee.parent_head)
    content = LetterContent(
        KIND[addressee.scope], f"Perkembangan Pelaksanaan {CENSUS} di {addressee.name}",
        addressee.head, profile.city or "Tempat", body,
        file_stem=f"Progres {addressee.name}", tembusan=tembusan)
    if attachment:
        content.attachment = attachment
        content.attachment_label = "1 (satu) berkas"
        content.attachment_title = f"{ANNEX_TITLE} {addressee.name.upper()}"
    return content


def _window(facts: ProgressFacts, addressee: AreaAddressee) -> Window | None:
    """The field window of the letter's area: its kecamatan's own, else the office's."""
    kecamatan_id = addressee.kecamatan_id
    if addressee.kelurahan_id is not None:
        areas = facts.areas_within(kelurahan_id=addressee.kelurahan_id)
        kecamatan_id = areas[0].kecamatan.id if areas else None
    return facts.calendar.field_window(kecamatan_id)


CHILD_BOUNDARIES = {AreaScope.KOTA: BoundaryLevel.KECAMATAN,
                    AreaScope.KECAMATAN: BoundaryLevel.KELURAHAN,
                    AreaScope.KELURAHAN: BoundaryLevel.SLS}


def _parent_key(scope: AreaScope, kecamatan_id: int | None, kelurahan_id: int | None) -> int:
    """Whose letter a child's shape goes into: its kecamatan's, its kelurahan's, or (-1) the
    city's."""
    if scope is AreaScope.KECAMATAN:
        return kecamatan_id or -1
    if scope is AreaScope.KELURAHAN:
        return kelurahan_id or -1
    return -1


def _map(rows: list[ProgressRow], shapes: Sequence[MapArea], child: str,
         level: BoundaryLevel, made_up: bool) -> AreaMap:
    """The children's boundaries coloured by households found against the plan."""
    of_key = {row.key: row for row in rows}
    parts = []
    for area in shapes:
        row = of_key.get(area.area_id)
        value = share_of_plan(row.households_found, row.expected_households_today
                              if scheduled(row) else 0, row.expected_households) if row else None
        parts.append(MapPart(map_label(area.name, level), area.details, area.bounds,
                             area.label_point, band(value)))
    note = "Batas wilayah contoh (buatan), bukan peta resmi." if made_up else ""
    return AreaMap(f"Peta progres lapangan per {child} terhadap rencana", parts,
                   list(zip(band_labels("rencana"), BAND_COLOURS, strict=True)), 62 * mm,
                   note=note)


def _shapes_by_parent(session: Session, scope: AreaScope) -> tuple[dict[int, list[MapArea]],
                                                                    bool]:
    """The newest boundaries of the letters' children, by their parent's id (the city's
    kecamatan under -1); made up?"""
    layer = map_layer(session, CHILD_BOUNDARIES[scope])
    grouped: dict[int, list[MapArea]] = {}
    for area in layer.areas:
        grouped.setdefault(_parent_key(scope, area.kecamatan_id, area.kelurahan_id),
                           []).append(area)
    return grouped, layer.made_up


def area_letters(session: Session, profile: ProfileData, scope: AreaScope,
                 codes: list[str] | None = None, *, annex: Annex | None = None
                 ) -> list[LetterContent]:
    """One letter per area of `scope` (all of them, or those with the given BPS codes),
    each with what `annex` makes for its area as the Lampiran."""
    targets = addressees(session, profile, scope, codes)
    if codes:
        unknown = sorted(set(codes) - {t.code for t in targets})
        if unknown:
            raise LetterContentError(f"Kode {scope.value} tidak ada di master wilayah: "
                                     f"{', '.join(unknown)}.")
    with collection_paused():
        facts = load_facts(session)
        shapes, made_up = _shapes_by_parent(session, scope)
        return [progress_letter(
            facts, target, profile, annex=annex, made_up=made_up,
            shapes=shapes.get(_parent_key(scope, target.kecamatan_id, target.kelurahan_id), []))
            for target in targets]
