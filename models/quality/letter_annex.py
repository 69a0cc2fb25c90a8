"""The quality annex of the kecamatan progress letter: the age–sex pyramid (field results
beside SP Online) and a few measures across the kecamatan's PPL, flagged ones marked.

Letters sit below quality (tests/test_floors.py): the letter takes an `Annex` callable and
knows nothing of quality; this module reads the data and makes the flowables, and
`compose_letters` hands them to models.letters.requests.compose.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.formatting import format_date, format_number
from models.letters.layout import LetterContent
from models.letters.pdf import blocks as letter_pdf
from models.letters.pdf.distribution import RankedBars
from models.letters.pdf.pyramid import PyramidChart, PyramidPanel
from models.letters.pdf.text import PlainParagraph
from models.letters.progress import Annex, AreaAddressee, AreaScope
from models.letters.requests import LetterRequest, compose
from models.quality.display import limit_lines, threshold_text, value_text
from models.quality.measures import Measure, Thresholds
from models.quality.officers import QualityLevel, QualityRow, quality_rows
from models.quality.pyramid import age_sex_pyramid
from models.quality.settings import load_thresholds
from models.schema.areas import Kelurahan, Sls
from models.schema.batches import FieldResult

# Age heaping, made-up birth dates and missing men or women: what a camat can act on.
KEY_MEASURES = (Measure.WHIPPLE, Measure.JAN_1, Measure.SEX_RATIO)
MOST_NAMED = 12  # flagged PPL named under a chart; more are counted


def main_kecamatan(session: Session) -> dict[int, int]:
    """Per PPL, the kecamatan where most of its current field persons live (as the
    quality rows compare it), in one grouped query."""
    query = (select(FieldResult.officer_id, Kelurahan.kecamatan_id, func.count())
             .join(Sls, Sls.id == FieldResult.sls_id)
             .join(Kelurahan, Kelurahan.id == Sls.kelurahan_id)
             .where(FieldResult.replaced_by_batch_id.is_(None),
                    FieldResult.officer_id.is_not(None))
             .group_by(FieldResult.officer_id, Kelurahan.kecamatan_id))
    found: dict[int, Counter[int]] = defaultdict(Counter)
    for officer_id, kecamatan_id, amount in session.execute(query):
        found[officer_id][kecamatan_id] += amount
    return {officer_id: min(c, key=lambda k: (-c[k], k)) for officer_id, c in found.items()}


def measure_flowables(rows: list[QualityRow], measure: Measure,
                      thresholds: Thresholds) -> list[Flowable]:
    """One measure across `rows`: the chart and the flagged PPL by name."""
    style = letter_pdf.styles()
    valued = [(row, row.values.get(measure)) for row in rows]
    shown = [(row, value) for row, value in valued
             if value is not None and value == value and abs(value) != float("inf")]
    unmeasurable = [row for row, value in valued if value is not None and value == float("inf")]
    flagged = [row for row in rows if measure in row.flags]
    chart = RankedBars(
        f"{measure.label} per PPL ({measure.unit})", [v for _r, v in shown],
        [measure in r.flags for r, _v in shown], 48 * mm,
        limits=limit_lines(rows, measure, thresholds),
        limit_label=f"Batas: {threshold_text(measure, thresholds)}")
    if flagged:
        named = ", ".join(f"{r.name} ({value_text(measure, r.values.get(measure))})"
                          for r in flagged[:MOST_NAMED])
        more = len(flagged) - MOST_NAMED
        text = f"Ditandai: {named}" + (f", dan {format_number(more)} PPL lain." if more > 0
                                       else ".")
    else:
        text = "Tidak ada PPL yang melewati batas."
    if unmeasurable:
        text += (f" {format_number(len(unmeasurable))} PPL hanya mencatat laki-laki "
                 "(tidak digambar).")
    return [KeepTogether([chart, Spacer(1, 1.5 * mm), PlainParagraph(text, style["small"])]),
            Spacer(1, 4 * mm)]


def kecamatan_annex(session: Session, *, measures: tuple[Measure, ...] = KEY_MEASURES
                    ) -> Annex:
    """What a kecamatan letter attaches: read once for every letter of the batch (the
    PPL and their kecamatan), then per kecamatan its pyramid; other scopes get none."""
    thresholds = load_thresholds(session)
    rows = quality_rows(session, QualityLevel.PPL, thresholds=thresholds)
    home = main_kecamatan(session)
    by_kecamatan: dict[int, list[QualityRow]] = defaultdict(list)
    for row in rows:
        if row.key in home:
            by_kecamatan[home[row.key]].append(row)

    def annex(addressee: AreaAddressee) -> list[Flowable]:
        if addressee.scope is not AreaScope.KECAMATAN or addressee.kecamatan_id is None:
            return []
        return annex_flowables(session, addressee, by_kecamatan.get(addressee.kecamatan_id, []),
                               thresholds, measures)

    return annex


def annex_flowables(session: Session, addressee: AreaAddressee, rows: list[QualityRow],
                    thresholds: Thresholds, measures: tuple[Measure, ...] = KEY_MEASURES
                    ) -> list[Flowable]:
    style = letter_pdf.styles()
    pyramid = age_sex_pyramid(session, kecamatan_id=addressee.kecamatan_id)
    field_men, field_women = pyramid.field.shares()
    online_men, online_women = pyramid.online.shares()
    story: list[Flowable] = [PlainParagraph(
        f"Umur dihitung pada {format_date(pyramid.reference)}. Piramida menunjukkan persentase "
        "penduduk tiap kelompok umur dari seluruh penduduk masing-masing sumber; bentuk yang "
        "jauh berbeda antara hasil lapangan dan SP Online, atau lonjakan pada kelompok "
        "tertentu, perlu diperiksa bersama petugas.", style["justify"]), Spacer(1, 3 * mm)]
    story.append(KeepTogether([PyramidChart(
        "1. Piramida penduduk menurut kelompok umur dan jenis kelamin (%)",
        pyramid.labels,
        [PyramidPanel(f"Hasil lapangan ({format_number(pyramid.field.total)} orang)",
                      field_men, field_women),
         PyramidPanel(f"SP Online ({format_number(pyramid.online.total)} orang)",
                      online_men, online_women)], 95 * mm)]))
    story.append(Spacer(1, 5 * mm))
    flagged = sum(1 for row in rows if row.flags)
    story += [PlainParagraph(
        f"2. Sebaran ukuran kewajaran pada {format_number(len(rows))} PPL yang bekerja di "
        f"{addressee.name}, diurutkan dari nilai terendah; batang merah melewati batas "
        f"(ditandai). Seluruhnya {format_number(flagged)} PPL mempunyai sedikitnya satu tanda.",
        style["justify"]), Spacer(1, 3 * mm)]
    for measure in measures:
        story += measure_flowables(rows, measure, thresholds)
    return story


def compose_letters(session: Session, request: LetterRequest) -> list[LetterContent]:
    """The letters asked for; a kecamatan letter with the quality annex when asked."""
    annex = kecamatan_annex(session) if request.quality_annex and \
        request.kind == AreaScope.KECAMATAN.value else None
    return compose(session, request, annex=annex)
