"""Writers for the fuzz suite: a grid of cell values as xlsx, xls, ods or csv, exactly as asked.

Each writer puts what it is given into the file, odd characters and claimed dimensions
included, so a test decides what the file holds. Two xlsx writers: openpyxl (what a
real workbook looks like: shared strings, styles, merges) and a hand-built package
(control characters, cached formula results and a declared dimension of any size, which
openpyxl refuses or recomputes). Everything is deterministic: the same grid gives the
same bytes, so a file read once in the child process is known by its digest.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

FORMATS = ("xlsx", "xls", "ods", "csv")
ZIP_TIME = (2020, 9, 15, 8, 0, 0)
XLS_MAX_TEXT = 32767  # BIFF8 holds at most this many characters in one cell


@dataclass(frozen=True)
class Formula:
    """A formula cell; `cached` is the result a spreadsheet program stored (None: none)."""

    expr: str  # without the leading '='
    cached: Any = None


Grid = list[list[Any]]


@dataclass
class Sheet:
    name: str
    rows: Grid
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    stray: tuple[int, int] | None = None  # (row, col) 0-based of one far-away cell
    stray_value: Any = None  # None: the far cell is formatted but empty
    dimension: str | None = None  # xlsx: the <dimension ref> to claim
    repeat_rows: int = 0  # ods: blank rows repeated below the grid
    repeat_cols: int = 0  # ods: blank cells repeated right of each row


@dataclass
class CsvStyle:
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    line_end: str = "\r\n"
    quoting: int = csv.QUOTE_MINIMAL
    number_style: str = "plain"  # plain: str(); excel: 6.37104E+15 as Excel saves a number


# ---------------------------------------------------------------- column letters
def column_letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


# ---------------------------------------------------------------- xlsx, hand-built
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def ooxml_text(value: str, controls: str = "ooxml") -> str:
    """Text for a <t> element: `ooxml` escapes control characters as Excel does (_x0001_),
    `charref` writes &#1; (not legal XML 1.0), `raw` puts the bytes in as they are."""
    text = escape(value)
    if controls == "ooxml":
        return XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if controls == "charref":
        return XML_ILLEGAL.sub(lambda m: f"&#{ord(m.group())};", text)
    return text


def _xlsx_cell(ref: str, value: Any, controls: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Formula):
        expr = ooxml_text(value.expr, controls)
        if value.cached is None:
            return f'<c r="{ref}"><f>{expr}</f></c>'
        if isinstance(value.cached, str):
            return (f'<c r="{ref}" t="str"><f>{expr}</f><v>{ooxml_text(value.cached, controls)}'
                    "</v></c>")
        return f'<c r="{ref}"><f>{expr}</f><v>{_number(value.cached)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{_number(value)}</v></c>'
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
            f"{ooxml_text(str(value), controls)}</t></is></c>")


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _sheet_xml(sheet: Sheet, controls: str) -> str:
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = "".join(_xlsx_cell(cell_ref(r, c), v, controls) for c, v in enumerate(row))
        if cells:
            rows.append(f'<row r="{r + 1}">{cells}</row>')
    if sheet.stray:  # formatted but empty, as Excel leaves a cell it once touched
        r, c = sheet.stray
        cell = (_xlsx_cell(cell_ref(r, c), sheet.stray_value, controls)
                if sheet.stray_value is not None else f'<c r="{cell_ref(r, c)}" s="0"/>')
        rows.append(f'<row r="{r + 1}">{cell}</row>')
    width = max((len(r) for r in sheet.rows), default=1)
    dimension = sheet.dimension or (
        f"A1:{cell_ref(max(len(sheet.rows) - 1, 0), max(width - 1, 0))}")
    merges = ""
    if sheet.merges:
        refs = "".join(f'<mergeCell ref="{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"/>'
                       for r1, c1, r2, c2 in sheet.merges)
        merges = f'<mergeCells count="{len(sheet.merges)}">{refs}</mergeCells>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{"".join(rows)}</sheetData>{merges}'
            "</worksheet>")


def _zip(path: Path, members: Sequence[tuple[str, str | bytes]], stored_first: bool = False
         ) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for index, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = (zipfile.ZIP_STORED if stored_first and index == 0
                                  else zipfile.ZIP_DEFLATED)
            archive.writestr(info, data)
    return path


def write_xlsx_raw(path: Path, sheets: list[Sheet], controls: str = "ooxml") -> Path:
    """A minimal SpreadsheetML package with inline strings (no styles, no shared strings)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
             'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType='
                       '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
                       'worksheet+xml"/>' for i in range(len(sheets)))
             + "</Types>")
    root_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
                 f'<Relationship Id="rId1" Type="{rel}/officeDocument" '
                 'Target="xl/workbook.xml"/></Relationships>')
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" '
            f'xmlns:r="{rel}"><sheets>'
            + "".join(f'<sheet name={quoteattr(s.name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, s in enumerate(sheets))
            + "</sheets></workbook>")
    book_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}">'
                 + "".join(f'<Relationship Id="rId{i + 1}" Type="{rel}/worksheet" '
                           f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
                 + "</Relationships>")
    members: list[tuple[str, str | bytes]] = [
        ("[Content_Types].xml", types), ("_rels/.rels", root_rels), ("xl/workbook.xml", book),
        ("xl/_rels/workbook.xml.rels", book_rels)]
    members += [(f"xl/worksheets/sheet{i + 1}.xml", _sheet_xml(s, controls).encode("utf-8"))
                for i, s in enumerate(sheets)]
    return _zip(path, members)


# ---------------------------------------------------------------- xlsx, openpyxl
def write_xlsx_openpyxl(path: Path, sheets: list[Sheet]) -> Path:
    """A workbook as openpyxl saves it. Text starting with '=' becomes a formula without a
    cached result, as it does when a person types it; illegal characters are dropped."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name[:31])
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, Formula):
                    value = f"={value.expr}"
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                ws.cell(r + 1, c + 1, value)
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1,
                           end_column=c2 + 1)
        if sheet.stray:  # formatted but empty, as Excel leaves a cell it once touched
            from openpyxl.styles import Font

            far = ws.cell(sheet.stray[0] + 1, sheet.stray[1] + 1, sheet.stray_value)
            far.font = Font(bold=True)
    book.properties.creator = "fuzz"
    book.properties.created = book.properties.modified = datetime(2020, 9, 15, 8, 0)
    buffer = io.BytesIO()
    book.save(buffer)
    # openpyxl stamps the save time into docProps/core.xml: rewrite the zip with fixed times
    # and contents, so equal grids give equal bytes.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    members = []
    for info in source.infolist():
        data = source.read(info.filename)
        if info.filename == "docProps/core.xml":
            data = re.sub(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>", b"", data)
        members.append((info.filename, data))
    return _zip(path, members)


# ---------------------------------------------------------------- xls (BIFF8)
def _xls_sheet_name(name: str, taken: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "Lembar"
    while clean.lower() in taken:
        clean = (clean[:28] + f"_{len(taken)}")[:31]
    taken.add(clean.lower())
    return clean


def write_xls(path: Path, sheets: list[Sheet]) -> Path:
    """A legacy workbook through xlwt. Formulas carry no cached result (xlwt never stores
    one), which is what a program that does not recalculate reads back."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    taken: set[str] = set()
    date_style = xlwt.easyxf(num_format_str="DD-MM-YYYY")
    for sheet in sheets:
        ws = book.add_sheet(_xls_sheet_name(sheet.name, taken), cell_overwrite_ok=True)
        merged = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merges
                   for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet.rows[:65536]):
            for c, value in enumerate(row[:256]):
                if (r, c) in merged:
                    r2, c2 = merged[r, c]
                    ws.write_merge(r, r2, c, c2, _xls_value(value, xlwt))
                    continue
                if (r, c) in covered or value is None or value == "":
                    continue
                _write_xls_cell(ws, r, c, value, xlwt,
                                date_style if isinstance(value, (date, datetime)) else None)
        if sheet.stray:  # a formatted blank cell (BLANK record)
            ws.write(min(sheet.stray[0], 65535), min(sheet.stray[1], 255), sheet.stray_value,
                     xlwt.easyxf("font: bold on"))
    book.save(str(path))
    return path


class _CachedFormulaCell:
    """A FORMULA record carrying the result Excel or LibreOffice stored, then for a text
    result the STRING record after it (xlwt itself always writes "empty text")."""

    def __init__(self, cell: Any, cached: Any) -> None:
        self.cell, self.cached = cell, cached

    def get_biff_data(self) -> bytes:
        from struct import pack

        from xlwt.UnicodeUtils import upack2

        cell = self.cell
        if isinstance(self.cached, str):
            result = b"\x00" * 6 + b"\xff\xff"  # type 0: the text follows in a STRING record
        elif isinstance(self.cached, bool):
            result = bytes([1, 0, int(self.cached), 0, 0, 0, 0xFF, 0xFF])
        else:
            result = pack("<d", float(self.cached))
        data = pack("<3H", cell.rowx, cell.colx, cell.xf_idx) + result + pack("<HL", 0, 0)
        data += cell.frmla.rpn()
        record = pack("<2H", 0x0006, len(data)) + data
        if isinstance(self.cached, str):
            text = upack2(self.cached)
            record += pack("<2H", 0x0207, len(text)) + text
        return record


def _write_xls_cell(ws: Any, r: int, c: int, value: Any, xlwt: Any, style: Any) -> None:
    written = _xls_value(value, xlwt)
    if style is not None:
        ws.write(r, c, written, style)
    else:
        ws.write(r, c, written)
    if isinstance(value, Formula) and value.cached is not None and isinstance(
            written, xlwt.ExcelFormula.Formula):
        cells = ws.row(r)._Row__cells  # xlwt keeps no public handle on a written cell
        cells[c] = _CachedFormulaCell(cells[c], value.cached)


def _xls_value(value: Any, xlwt: Any) -> Any:
    if isinstance(value, Formula):
        try:
            return xlwt.Formula(value.expr)
        except Exception:  # xlwt's parser knows few functions: keep the text
            return "=" + value.expr
    if isinstance(value, str):
        return value[:XLS_MAX_TEXT]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2 ** 53:
        return float(value)
    return value


# ---------------------------------------------------------------- ods
def _ods_cell(value: Any, controls: str, span: int = 1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{spanned}/>"
    if isinstance(value, Formula):
        formula = f" table:formula={quoteattr('of:=' + value.expr)}"
        if value.cached is None:
            return f"<table:table-cell{spanned}{formula}/>"
        if isinstance(value.cached, str):
            shown = ooxml_text(value.cached, controls)
            return (f'<table:table-cell{spanned}{formula} office:value-type="string" '
                    f'office:string-value="{shown}"><text:p>{shown}</text:p></table:table-cell>')
        return (f'<table:table-cell{spanned}{formula} office:value-type="float" '
                f'office:value="{_number(value.cached)}"><text:p>{_number(value.cached)}'
                "</text:p></table:table-cell>")
    if isinstance(value, bool):
        return (f'<table:table-cell{spanned} office:value-type="boolean" '
                f'office:boolean-value="{str(value).lower()}"><text:p>{value}</text:p>'
                "</table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell{spanned} office:value-type="float" '
                f'office:value="{_number(value)}"><text:p>{_number(value)}</text:p>'
                "</table:table-cell>")
    if isinstance(value, (date, datetime)):
        return (f'<table:table-cell{spanned} office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value.isoformat()}'
                "</text:p></table:table-cell>")
    lines = str(value).split("\n")
    body = "".join(f"<text:p>{_ods_text(line, controls)}</text:p>" for line in lines)
    return f'<table:table-cell{spanned} office:value-type="string">{body}</table:table-cell>'


def _ods_text(value: str, controls: str) -> str:
    text = escape(value)
    if controls == "charref":
        return XML_ILLEGAL.sub(lambda m: f"&#{ord(m.group())};", text)
    if controls == "drop":
        return XML_ILLEGAL.sub("", text)
    return text  # raw: as the bytes are (not well-formed XML)


def _ods_table(sheet: Sheet, controls: str) -> str:
    spans = {(r1, c1): c2 - c1 + 1 for r1, c1, r2, c2 in sheet.merges}
    covered = {(r, c) for r1, c1, r2, c2 in sheet.merges
               for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - set(spans)
    rows = []
    for r, row in enumerate(sheet.rows):
        cells = []
        for c, value in enumerate(row):
            if (r, c) in covered:
                cells.append("<table:covered-table-cell/>")
            else:
                cells.append(_ods_cell(value, controls, spans.get((r, c), 1)))
        if sheet.repeat_cols:
            cells.append(f'<table:table-cell table:number-columns-repeated='
                         f'"{sheet.repeat_cols}"/>')
        rows.append("<table:table-row>" + "".join(cells or ["<table:table-cell/>"])
                    + "</table:table-row>")
    if sheet.repeat_rows:
        width = (f' table:number-columns-repeated="{sheet.repeat_cols}"'
                 if sheet.repeat_cols else "")
        rows.append(f'<table:table-row table:number-rows-repeated="{sheet.repeat_rows}">'
                    f"<table:table-cell{width}/></table:table-row>")
    if sheet.stray:
        r, c = sheet.stray
        gap = r - len(sheet.rows) - sheet.repeat_rows
        if gap > 0:
            rows.append(f'<table:table-row table:number-rows-repeated="{gap}">'
                        "<table:table-cell/></table:table-row>")
        far = (_ods_cell(sheet.stray_value, controls) if sheet.stray_value is not None
               else '<table:table-cell table:style-name="ce1"/>')
        rows.append(f'<table:table-row><table:table-cell table:number-columns-repeated="{c}"/>'
                    f"{far}</table:table-row>")
    return (f"<table:table table:name={quoteattr(sheet.name)}>"
            + "".join(rows) + "</table:table>")


ODS_CONTENT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2">'
    "<office:body><office:spreadsheet>")
ODS_CONTENT_TAIL = "</office:spreadsheet></office:body></office:document-content>"
ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type='
    '"application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>")


def write_ods(path: Path, sheets: list[Sheet], controls: str = "charref") -> Path:
    """An OpenDocument spreadsheet as LibreOffice lays it out: mimetype first and stored."""
    content = (ODS_CONTENT_HEAD + "".join(_ods_table(s, controls) for s in sheets)
               + ODS_CONTENT_TAIL)
    return _zip(path, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                       ("content.xml", content.encode("utf-8")),
                       ("META-INF/manifest.xml", ODS_MANIFEST)], stored_first=True)


# ---------------------------------------------------------------- csv
def csv_cell(value: Any, style: CsvStyle) -> str:
    """A value as a spreadsheet program writes it into a csv."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return f"={value.expr}"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if style.number_style == "excel" and abs(value) >= 1e11:
            return f"{float(value):.5E}".replace("E+0", "E+").replace(".00000E", "E")
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def csv_text(rows: Grid, style: CsvStyle) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=style.delimiter, quoting=style.quoting,
                        lineterminator=style.line_end, escapechar="\\"
                        if style.quoting == csv.QUOTE_NONE else None)
    for row in rows:
        writer.writerow([csv_cell(v, style) for v in row])
    return buffer.getvalue()


def write_csv(path: Path, rows: Grid, style: CsvStyle | None = None) -> Path:
    style = style or CsvStyle()
    text = csv_text(rows, style)
    path.write_bytes(text.encode(style.encoding, errors="replace"))
    return path


# ---------------------------------------------------------------- one entry point
def write_grid(path: Path, fmt: str, sheets: list[Sheet], *, xlsx_writer: str = "openpyxl",
               controls: str = "ooxml", csv_style: CsvStyle | None = None) -> Path:
    """Write `sheets` as `fmt` (csv: the first sheet only)."""
    if fmt == "xlsx":
        needs_raw = any(isinstance(v, Formula) and v.cached is not None or
                        isinstance(v, str) and XML_ILLEGAL.search(v)
                        for s in sheets for row in s.rows for v in row) or any(
            s.dimension for s in sheets)
        if xlsx_writer == "raw" or needs_raw:
            return write_xlsx_raw(path, sheets, controls)
        return write_xlsx_openpyxl(path, sheets)
    if fmt == "xls":
        return write_xls(path, sheets)
    if fmt == "ods":
        return write_ods(path, sheets, "charref" if controls == "ooxml" else controls)
    if fmt == "csv":
        return write_csv(path, sheets[0].rows, csv_style)
    raise ValueError(fmt)


# ---------------------------------------------------------------- damage
def truncate(data: bytes, keep: float) -> bytes:
    """The first part of a file, as a copy interrupted half way leaves it."""
    return data[:max(0, min(len(data) - 1, int(len(data) * keep)))]


def flip_bytes(data: bytes, positions: Sequence[int], value: int) -> bytes:
    damaged = bytearray(data)
    for position in positions:
        if damaged:
            damaged[position % len(damaged)] ^= value or 0xFF
    return bytes(damaged)


def replace_member(data: bytes, member: str, new: bytes) -> bytes:
    """A zip package (xlsx, ods) with one member's content replaced, the rest kept."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            body = new if info.filename == member else source.read(info.filename)
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), body,
                            zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
