"""A Tinjauan case as rich text: both records, a changed No. KK, the reasons of a score."""
from __future__ import annotations

from datetime import date
from html import escape

from models.audit.nik_disclosure import masked_number
from models.formatting import format_date, format_number
from models.ids.cells import ascii_digits
from models.recon.export import DIFFERING_LABELS
from models.recon.linkage.bands import Bands
from models.recon.linkage.evidence import reasons
from models.recon.views import PersonLine, Version
from models.schema.recon import CATEGORY_LABELS, ReconCategory

# Row label, Version attribute, the name `differing` gives the field.
ROWS = (("NIK", "nik", "nik"), ("Nama", "name", "name"), ("JK", "sex", "sex"),
        ("Tgl lahir", "birth", "birth_date"), ("SLS", "sls_code", "sls"))
MINUS = "\u2212"  # a real minus sign: a hyphen before a weight reads as a dash


def signed(weight: float) -> str:
    """A weight with its sign and one decimal, Indonesian style: +7,7, −2,3."""
    text = format_number(abs(weight), 1)
    if text == "0,0":
        return text
    return f"+{text}" if weight > 0 else f"{MINUS}{text}"


def plain_score(value: float) -> str:
    """A band as the office sets it: 14 or 13,5 (no ',0' for a whole number)."""
    text = format_number(value, 1)
    return text[:-2] if text.endswith(",0") else text


def bands_text(bands: Bands) -> str:
    return f"pasti ≥ {plain_score(bands.sure)}, mungkin ≥ {plain_score(bands.likely)}"


def _number(value: str | None, full_nik: bool) -> str:
    """A NIK or No. KK: whole for those who may see it, else masked (a damaged one hidden)."""
    if not value:
        return ""
    return value if full_nik else masked_number(value)


def _cell(line: PersonLine, version: Version | None, attribute: str, field: str,
          full_nik: bool) -> str:
    if version is None:
        return "—"
    value = getattr(version, attribute)
    if attribute == "nik":
        text = _number(value, full_nik)
    else:  # dates as the tables write them: 28 Agustus 2009
        text = ("" if value is None else format_date(value) if isinstance(value, date)
                else str(value))
    text = escape(text)  # names and codes come from the imported files: hostile
    return f"<b>{text}</b>" if field in line.differing else text


def _records(line: PersonLine, full_nik: bool) -> str:
    rows = "".join(
        f"<tr><td>{label}</td><td>{_cell(line, line.online, attribute, field, full_nik)}</td>"
        f"<td>{_cell(line, line.field, attribute, field, full_nik)}</td></tr>"
        for label, attribute, field in ROWS)
    return ("<table cellpadding='3'><tr><th></th><th align='left'>Online</th>"
            f"<th align='left'>Lapangan</th></tr>{rows}</table>")


def _reasons(line: PersonLine, bands: Bands) -> str:
    """Each compared field, what it showed and its weight; the total against the bands."""
    found = reasons(line.evidence)
    total = line.weight if line.weight is not None else sum(r.weight for r in found)
    rows = "".join(
        f"<tr><td>{escape(r.label)}</td><td>{escape(r.text)}</td>"
        f"<td align='right'>{signed(r.weight)}</td></tr>" for r in found)
    note = ""
    if line.category is ReconCategory.MUNGKIN and total >= bands.sure:
        note = ("<tr><td></td><td colspan='2'>Mencapai batas pasti, tetapi tidak dipasangkan "
                "otomatis:<br>nama dan tanggal lahir harus sama-sama mirip (atau batasnya<br>"
                "diubah sejak pencocokan terakhir).</td></tr>")
    return ("<table cellpadding='3'><tr><th align='left'>Bukti</th>"
            "<th align='left'>Hasil pembandingan</th><th align='right'>Bobot</th></tr>"
            f"{rows}<tr><td><b>Skor</b></td><td>batas: {escape(bands_text(bands))}</td>"
            f"<td align='right'><b>{signed(total)}</b></td></tr>{note}</table>")


def describe(line: PersonLine, full_nik: bool, bands: Bands = Bands()) -> str:
    """The case in rich text; every value from the data is HTML-escaped."""
    what = CATEGORY_LABELS[line.category]
    if line.other_key and line.category is ReconCategory.GANDA:
        shown = _number(line.other_key, False) if ascii_digits(line.other_key) \
            else "data tanpa NIK"
        what += f" dari {shown}"
    differing = ", ".join(DIFFERING_LABELS.get(f, f) for f in line.differing)
    head = f"<b>{escape(what)}</b>"
    if differing:
        head += f" — berbeda: {escape(differing)}"
    if line.field_kk:
        online_kk = line.online.kk if line.online else None
        head += (f"<br>No. KK berubah: {escape(_number(online_kk, full_nik) or '—')} → "
                 f"{escape(_number(line.field_kk, full_nik))}")
    records = _records(line, full_nik)
    if not line.evidence:
        return head + records
    # Side by side: the case stays a few lines high under the queue on a 768-pixel screen.
    return (f"{head}<table cellspacing='0'><tr><td valign='top'>{records}</td>"
            f"<td width='24'></td><td valign='top'>{_reasons(line, bands)}</td></tr></table>")
