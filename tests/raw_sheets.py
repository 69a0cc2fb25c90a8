"""Spreadsheets written byte by byte, for the readers' hostile-input tests: xlsx and ods
XML as given, xls records that claim what they like."""
from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Font


def raw_xlsx(path: Path, sheet_data: str, strings: list[str] | None = None,
             sheet: str = "Data", root: str = "worksheet", unique: int | None = None) -> Path:
    """A minimal xlsx whose sheetData is given as XML, as odd writers lay it out."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/></Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="{escape(sheet)}" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" Type="{rel}/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><{root} xmlns="{main}" xmlns:x="{main}">'
            f"<sheetData>{sheet_data}</sheetData></{root}>",
    }
    if strings is not None:
        count = len(strings) if unique is None else unique
        parts["xl/sharedStrings.xml"] = (
            f'<sst xmlns="{main}" count="{count}" uniqueCount="{count}">'
            + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


HEADER_CELLS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>NIK</t></is></c>'
                '<c r="B1" t="inlineStr"><is><t>Nama</t></is></c></row>'
                '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c></row>')


def raw_ods(path: Path, tables: dict[str, str]) -> Path:
    """An OpenDocument spreadsheet whose tables' rows are given as XML."""
    body = "".join(f'<table:table table:name="{escape(name)}">{rows}</table:table>'
                   for name, rows in tables.items())
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, zipfile.ZIP_DEFLATED)
    return path


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry'
            ' manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>')


def text_cell(value: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (f'<table:table-cell{times} office:value-type="string"><text:p>{escape(value)}'
            "</text:p></table:table-cell>")


def blank_cells(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def ods_row(cells: str, repeat: int = 1) -> str:
    times = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{times}>{cells}</table:table-row>"


ODS_HEADER = ods_row(text_cell("NIK") + text_cell("Nama")) + ods_row(text_cell("1") +
                                                                     text_cell("Siti"))


def xls_with_far_cell(path: Path) -> Path:
    """An .xls whose last number record names column 65535: BIFF8 has 256 columns, but the
    record's field has 16 bits and calamine takes it as it is."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    sheet.write(0, 0, "NIK")
    sheet.write(0, 1, "Nama")
    sheet.write(65535, 255, 12345.5)
    book.save(str(path))
    data = bytearray(path.read_bytes())
    at = data.find(struct.pack("<HHHH", 0x027E, 10, 65535, 255))  # RK record
    assert at > 0
    data[at + 6:at + 8] = struct.pack("<H", 65535)
    path.write_bytes(bytes(data))
    return path


def xls_claiming_rows(path: Path) -> Path:
    """An .xls whose DIMENSIONS record claims four billion rows (calamine reserves them)."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("Data")
    sheet.write(0, 0, "NIK")
    sheet.write(1, 0, "1")
    book.save(str(path))
    data = bytearray(path.read_bytes())
    at = data.find(struct.pack("<HH", 0x0200, 14))
    assert at > 0
    data[at + 4:at + 12] = struct.pack("<II", 0, 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    return path


def stray_cell_xlsx(path: Path, cells: dict[str, Any], formatting_only: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet["A1"], sheet["B1"], sheet["A2"] = "NIK", "Nama", "1"
    for ref, value in cells.items():
        if formatting_only:
            sheet[ref].font = Font(bold=True)
        else:
            sheet[ref] = value
    book.save(path)
    return path


# ---------------------------------------------------------------- 1. huge used ranges
