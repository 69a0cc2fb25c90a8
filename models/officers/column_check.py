"""The officer list's rows checked as columns: the plain rows at once, the rest by the row rules.

A plain row has its NIK typed as text and valid (its date part among those NikRules
accepts, its area part one the rules take, with their warning if any), ASCII text within
each column's length, and a role, kecamatan code and status the row rules read; those
rules judge each distinct role, code, status and area part once. Every other row goes to
the row rules of `models.officers.importing` (see models.sheets.plain_rows).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import polars as pl

from models.ids.cells import CellProblem
from models.officers import phone
from models.persons.rules import NikRules
from models.sheets.column_reading import SheetColumns
from models.sheets.plain_rows import blank, frame_of, is_text, plain_text, read_once

SIXTEEN = r"^[0-9]{16}$"  # ASCII digits only, as the NIK rules' fast path takes them
KEYS = ("nik", "name", "role", "phone", "email", "kec_code", "team", "status")


def plain_rows(columns: SheetColumns, *, rules: NikRules, role: Callable[[str], Any],
               kecamatan: Callable[[str], str | None], active: Callable[[str], bool],
               limits: Mapping[str, int]) -> pl.DataFrame:
    """Per row: `plain`, then the OfficerRecord fields (nik, name, the role's value, phone,
    email, kecamatan code, team, active) of the plain rows and the NIK's warning (another
    province's NIK, or null), as the row rules give them."""
    frame = frame_of(columns, KEYS).with_columns(pl.col("status").fill_null(""))
    nik = pl.col("nik")
    niks = frame["nik"].filter(frame["nik"].str.contains(SIXTEEN).fill_null(False))
    areas = niks.str.slice(0, 6)
    part = nik.str.slice(6, 6).cast(pl.Int32, strict=False)
    parts = rules.date_parts(niks.str.slice(6, 6).cast(pl.Int32).unique())["part"]
    name, name_value = plain_text("name", limits["name"], required=True)
    phone_ok, phone_value = plain_text("phone", limits["phone"], required=False)
    email, email_value = plain_text("email", limits["email"], required=False)
    team, team_value = plain_text("team", limits["team"], required=False)
    warning = read_once(nik.str.slice(0, 6), areas, partial(_area_warning, rules), pl.String)
    role_value = read_once(pl.col("role"), frame["role"], lambda text: role(text).value,
                           pl.String)
    kec_value = read_once(pl.col("kec_code"), frame["kec_code"], kecamatan, pl.String)
    active_value = read_once(pl.col("status"), frame["status"], active, pl.Boolean)
    conditions = [
        nik.str.contains(SIXTEEN), is_text(columns, "nik"),
        part.is_in(parts.implode()),
        nik.str.slice(12) != "0000", warning.is_not_null(),
        name, is_text(columns, "name"),
        role_value.is_not_null(), is_text(columns, "role"),
        blank("kec_code") | kec_value.is_not_null(), is_text(columns, "kec_code"),
        phone_ok & ~phone_value.str.contains(phone.WARNED), is_text(columns, "phone"),
        email, is_text(columns, "email"), team, is_text(columns, "team"),
        is_text(columns, "status"),
    ]
    return frame.select(
        plain=pl.all_horizontal(c.fill_null(False) for c in conditions),
        nik=nik, name=name_value, role=role_value, phone=phone_value, email=email_value,
        kec_code=pl.when(blank("kec_code")).then(None).otherwise(kec_value),
        team=team_value, active=active_value,
        nik_warning=pl.when(warning == "").then(None).otherwise(warning))


def _area_warning(rules: NikRules, area: str) -> str:
    """The rules' warning on a NIK's area part ("" for none); CellProblem when refused."""
    found = rules.area_part(area)
    if isinstance(found, CellProblem):
        raise found
    return found or ""
