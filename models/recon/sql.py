"""The set-based part of matching, as SQL both backends run: pairs by NIK, households.

Matching by NIK is one INSERT … SELECT: the online records left-joined to the field ones
through the current-key index, then the field records no online one holds. (SQLite's FULL
OUTER JOIN does the same but scans the right table twice as slowly.) Everything is
computed in the database; Python only refines the few pairs whose names differ in spelling.
"""
from __future__ import annotations

ONLINE, FIELD = "online_submission", "field_result"
CURRENT = "replaced_by_batch_id IS NULL"
# The same test for a full run's online side: SQLite then reads it in table order instead
# of walking the partial current-key index and fetching every row out of order (0.6 s of
# 700,000 rows). A scoped run keeps the index, which finds its few keys. (The field side
# keeps key order: its lookups into the online key index then run in order too.)
CURRENT_SCAN = "replaced_by_batch_id + 0 IS NULL"
# recon_scope kinds: natural keys and No. KK to redo; households to decide in Python.
SCOPE_KEY, SCOPE_KK, SCOPE_DECIDE = "k", "kk", "d"
MATCH_COLUMNS = ("category, method, score, differing, online_id, field_id, online_batch_id, "
                 "field_batch_id, person_key, other_key, kk, birth_date, sls_id, field_kk")


def _digits(column: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"{column} ~ '^[0-9]+$'"
    return f"{column} NOT GLOB '*[^0-9]*'"


def valid_number(column: str, dialect: str) -> str:
    """16 digits: a NIK or No. KK as the import stores it."""
    return f"({column} IS NOT NULL AND length({column}) = 16 AND {_digits(column, dialect)})"


def plausible_nik(column: str, dialect: str) -> str:
    """16 digits whose day starts 0-7 and month 0-1, serial not 0000: one pattern test.

    The import has already applied the full rules to every stored NIK; this catches records
    stored before them, at a third of the cost of taking the date apart in SQL.
    """
    if dialect == "postgresql":
        shape = f"{column} ~ '^[0-9]{{6}}[0-7][0-9][01][0-9]{{7}}$'"
    else:
        shape = f"{column} GLOB '{'[0-9]' * 6}[0-7][0-9][01]{'[0-9]' * 7}'"
    return f"({column} IS NOT NULL AND {shape} AND substr({column}, 13, 4) <> '0000')"


def valid_field(alias: str, dialect: str) -> str:
    """A field record can be matched by its NIK, or without one by No. KK, name and birth."""
    return (f"(({alias}.nik IS NULL AND {valid_number(f'{alias}.kk', dialect)} "
            f"AND {alias}.birth_date IS NOT NULL AND {alias}.name <> '') "
            f"OR ({alias}.nik IS NOT NULL AND {plausible_nik(f'{alias}.nik', dialect)}))")


def scope_keys(kind: str) -> str:
    """The keys of one kind in recon_scope, as a subquery."""
    return f"SELECT key FROM recon_scope WHERE kind = '{kind}'"


def _in_scope(alias: str) -> str:
    return (f" AND ({alias}.natural_key IN ({scope_keys(SCOPE_KEY)}) "
            f"OR {alias}.kk IN ({scope_keys(SCOPE_KK)}))")


def insert_online_side(dialect: str, scoped: bool) -> str:
    """Every current online record, with its field partner by NIK when there is one.

    Records that share a key are paired even if the NIK breaks a rule (both sources wrote
    the same 16 digits); only a record left alone is tidak valid when it cannot be matched.
    The comparisons are computed once in an unflattened subquery (SQLite would otherwise
    repeat them in every expression that uses them).
    """
    # Names equal as written, or equal but for case: not worth a Python round trip.
    name_differs = "(o.name <> f.name AND upper(o.name) <> upper(f.name))"
    keep = " OFFSET 0" if dialect == "postgresql" else " LIMIT -1"
    return f"""
INSERT INTO person_match ({MATCH_COLUMNS})
SELECT
  CASE WHEN fid IS NULL THEN CASE WHEN plausible THEN 'hanya_online' ELSE 'tidak_valid' END
       WHEN d_sls THEN 'pindah'
       WHEN d_name OR d_sex OR d_birth THEN 'beda'
       ELSE 'cocok' END,
  CASE WHEN fid IS NULL THEN 'none' ELSE 'nik' END,
  CASE WHEN fid IS NULL OR d_name THEN NULL ELSE 100.0 END,
  CASE WHEN fid IS NULL OR NOT (d_name OR d_sex OR d_birth OR d_sls) THEN '' ELSE
    CASE WHEN d_name THEN 'name,' ELSE '' END || CASE WHEN d_sex THEN 'sex,' ELSE '' END
    || CASE WHEN d_birth THEN 'birth_date,' ELSE '' END
    || CASE WHEN d_sls THEN 'sls,' ELSE '' END END,
  oid, fid, obatch, fbatch, okey, NULL, kk, birth, sls,
  CASE WHEN fkk <> kk THEN fkk END
FROM (
  SELECT o.id AS oid, f.id AS fid, o.batch_id AS obatch, f.batch_id AS fbatch,
    o.natural_key AS okey, o.kk AS kk, f.kk AS fkk, o.birth_date AS birth,
    COALESCE(f.sls_id, o.sls_id) AS sls,
    CASE WHEN f.id IS NULL THEN {plausible_nik("o.nik", dialect)} ELSE TRUE END AS plausible,
    COALESCE({name_differs}, FALSE) AS d_name,
    COALESCE(o.sex <> f.sex, FALSE) AS d_sex,
    COALESCE(o.birth_date <> f.birth_date, FALSE) AS d_birth,
    COALESCE(o.sls_id <> f.sls_id, FALSE) AS d_sls
  FROM {ONLINE} o
  LEFT JOIN {FIELD} f ON f.natural_key = o.natural_key AND f.{CURRENT}
  WHERE {f"o.{CURRENT}{_in_scope('o')}" if scoped else f"o.{CURRENT_SCAN}"}{keep}) AS compared"""


def insert_field_side(dialect: str, scoped: bool) -> str:
    """Every current field record that no online record holds by NIK."""
    return f"""
INSERT INTO person_match ({MATCH_COLUMNS})
SELECT CASE WHEN {valid_field('f', dialect)} THEN 'hanya_lapangan' ELSE 'tidak_valid' END,
  'none', NULL, '', NULL, f.id, NULL, f.batch_id, f.natural_key, NULL, f.kk, f.birth_date,
  f.sls_id, NULL
FROM {FIELD} f
WHERE f.{CURRENT}{_in_scope('f') if scoped else ''}
  AND NOT EXISTS (SELECT 1 FROM {ONLINE} o WHERE o.natural_key = f.natural_key
                  AND o.{CURRENT})"""


def match_scope(alias: str = "person_match") -> str:
    """Outcome rows that a scoped run replaces."""
    keys = f"({scope_keys(SCOPE_KEY)})"
    return (f"({alias}.person_key IN {keys} OR {alias}.other_key IN {keys} "
            f"OR {alias}.kk IN ({scope_keys(SCOPE_KK)}))")


def households_to_decide(scoped: bool) -> str:
    """Households where a record without NIK or a second online NIK needs a decision."""
    scope = f" AND kk IN ({scope_keys(SCOPE_KK)})" if scoped else ""
    return f"""
INSERT INTO recon_scope (kind, key)
SELECT '{SCOPE_DECIDE}', kk FROM household_match
WHERE (field_without_nik > 0 OR online_members > online_birth_dates){scope}"""


def insert_households(scope_kind: str | None) -> str:
    """Members per No. KK in each source; duplicates and invalid records do not count.

    Two helper counts tell which households need a decision in Python: field-only records
    without NIK, and fewer distinct birth dates than online members.
    """
    counted = "category NOT IN ('ganda', 'tidak_valid')"
    online = f"online_id IS NOT NULL AND {counted}"
    scope = f" AND kk IN ({scope_keys(scope_kind)})" if scope_kind else ""
    return f"""
INSERT INTO household_match (kk, sls_id, online_members, field_members, category,
                             field_without_nik, online_birth_dates)
SELECT kk, sls_id, online_members, field_members,
  CASE WHEN online_members = 0 THEN 'hanya_lapangan'
       WHEN field_members = 0 THEN 'hanya_online'
       WHEN online_members = field_members THEN 'cocok' ELSE 'beda' END,
  field_without_nik, online_birth_dates
FROM (SELECT kk, COALESCE(max(CASE WHEN field_id IS NOT NULL THEN sls_id END), max(sls_id))
             AS sls_id,
             sum(CASE WHEN {online} THEN 1 ELSE 0 END) AS online_members,
             sum(CASE WHEN field_id IS NOT NULL AND {counted} THEN 1 ELSE 0 END)
             AS field_members,
             sum(CASE WHEN online_id IS NULL AND category = 'hanya_lapangan'
                      AND substr(person_key, 1, 1) = 'K' THEN 1 ELSE 0 END) AS field_without_nik,
             count(DISTINCT CASE WHEN {online} THEN birth_date END) AS online_birth_dates
      FROM person_match WHERE kk IS NOT NULL{scope} GROUP BY kk) AS household
WHERE online_members + field_members > 0"""


def apply_resolutions(scoped: bool, first_new: int = 0) -> str:
    """Link each outcome to the standing decision taken on the same persons and category.

    A scoped run links the outcomes of its keys and every row it wrote (ids from
    `first_new` on: the second pass rewrites rows outside the keys too)."""
    scope = f" AND ({match_scope()} OR person_match.id >= {int(first_new)})" if scoped else ""
    return f"""
UPDATE person_match SET resolution_id = (
  SELECT max(r.id) FROM resolution r
  WHERE r.person_key = person_match.person_key AND r.category = person_match.category
    AND COALESCE(r.other_key, '') = COALESCE(person_match.other_key, '')
    AND r.revoked_at IS NULL)
WHERE person_key IN (SELECT person_key FROM resolution WHERE revoked_at IS NULL){scope}"""


def clear_outcomes(dialect: str) -> list[str]:
    """A full run starts from empty outcome tables."""
    if dialect == "postgresql":
        return ["TRUNCATE person_match, household_match"]
    # SQLite empties a table without a WHERE at once
    return ["DELETE FROM person_match", "DELETE FROM household_match"]


# Whether the connected role may drop person_match's index (it owns the table).
OWNS_PERSON_MATCH = ("SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
                     "WHERE schemaname = current_schema() AND tablename = 'person_match'")


def scope_new_batches(table: str, listed: str) -> list[str]:
    """The natural keys and households of the records of new batches `listed` in `table`."""
    return [f"INSERT INTO recon_scope (kind, key) SELECT '{SCOPE_KEY}', natural_key "
            f"FROM {table} WHERE batch_id IN ({listed})",
            f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{SCOPE_KK}', kk "
            f"FROM {table} WHERE batch_id IN ({listed}) AND kk IS NOT NULL"]


def scope_rolled_back(column: str, listed: str) -> str:
    """The persons (by `column` of person_match) whose outcome used a rolled-back batch."""
    return (f"INSERT INTO recon_scope (kind, key) SELECT '{SCOPE_KEY}', {column} "
            f"FROM person_match WHERE {column} IS NOT NULL AND (online_batch_id IN "
            f"({listed}) OR field_batch_id IN ({listed}))")


def scope_former_households() -> str:
    """The households the touched persons belonged to at the last run."""
    return (f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{SCOPE_KK}', kk "
            f"FROM person_match m WHERE kk IS NOT NULL AND (person_key IN "
            f"({scope_keys(SCOPE_KEY)}) OR other_key IN ({scope_keys(SCOPE_KEY)}))")


def scope_scored_partners() -> list[str]:
    """The other records of the second pass's pairs that touch the scope: their No. KK may
    differ, so the households alone would not bring them back."""
    keys, kks = f"({scope_keys(SCOPE_KEY)})", f"({scope_keys(SCOPE_KK)})"
    scored = "(method = 'skor' OR category = 'mungkin')"
    return [f"INSERT INTO recon_scope (kind, key) SELECT '{SCOPE_KEY}', other_key "
            f"FROM person_match WHERE {scored} AND other_key IS NOT NULL "
            f"AND (person_key IN {keys} OR kk IN {kks})",
            f"INSERT INTO recon_scope (kind, key) SELECT '{SCOPE_KEY}', person_key "
            f"FROM person_match WHERE {scored} AND other_key IS NOT NULL "
            f"AND (other_key IN {keys} OR field_kk IN {kks})"]


def rebuild_household_links() -> list[str]:
    """Online households most of whose members were paired into one field household of
    another No. KK: rebuilt whole, from the pairs that carry a field_kk."""
    paired = ("SELECT kk, field_kk, max(sls_id) AS sls, count(*) AS paired FROM person_match "
              "WHERE field_kk IS NOT NULL AND online_id IS NOT NULL AND field_id IS NOT NULL "
              "AND category NOT IN ('mungkin', 'ganda', 'tidak_valid') GROUP BY kk, field_kk")
    return ["DELETE FROM household_link", f"""
INSERT INTO household_link (online_kk, field_kk, sls_id, paired, online_members, field_members)
SELECT p.kk, p.field_kk, p.sls, p.paired, COALESCE(ho.online_members, p.paired),
       p.paired + COALESCE(hf.field_members, 0)
FROM ({paired}) p
LEFT JOIN household_match ho ON ho.kk = p.kk
LEFT JOIN household_match hf ON hf.kk = p.field_kk
WHERE 2 * p.paired > COALESCE(ho.online_members, 0)"""]


def scope_new_households(first_new: int) -> str:
    """The households of the outcomes written by this run (ids from `first_new` on)."""
    return (f"INSERT INTO recon_scope (kind, key) SELECT DISTINCT '{SCOPE_KK}', kk "
            f"FROM person_match WHERE id >= {first_new} AND kk IS NOT NULL")


def names_to_refine(first_new: int) -> str:
    """NIK pairs of this run whose names differ as written: Python scores them."""
    return (f"SELECT m.id, m.category, m.differing, o.name, f.name FROM person_match m "
            f"JOIN {ONLINE} o ON o.id = m.online_id JOIN {FIELD} f ON f.id = m.field_id "
            f"WHERE m.id >= {first_new} AND m.method = 'nik' AND m.score IS NULL")


UPDATE_SCORE = ("UPDATE person_match SET score = :score, category = :category, "
                "differing = :differing WHERE id = :id")


def households_to_decide_births() -> str:
    """Every outcome in the households to decide, with its records' birth dates as text."""
    birth = "CAST({a}.birth_date AS VARCHAR(10))"
    return (f"SELECT m.kk, m.id, m.category, {birth.format(a='o')}, {birth.format(a='f')} "
            f"FROM person_match m LEFT JOIN {ONLINE} o ON o.id = m.online_id "
            f"LEFT JOIN {FIELD} f ON f.id = m.field_id "
            f"WHERE m.kk IN ({scope_keys(SCOPE_DECIDE)})")


def households_to_decide_rows(listed: str) -> str:
    """The outcomes `listed` (ids), with both sides' persons (7 columns each), by id."""
    person = "{a}.id, {a}.natural_key, {a}.name, {a}.sex, {a}.birth_date, {a}.sls_id, {a}.nik"
    return (f"SELECT m.kk, m.id, m.category, m.field_batch_id, {person.format(a='o')}, "
            f"{person.format(a='f')} FROM person_match m "
            f"LEFT JOIN {ONLINE} o ON o.id = m.online_id "
            f"LEFT JOIN {FIELD} f ON f.id = m.field_id "
            f"WHERE m.id IN ({listed}) ORDER BY m.id")


UPDATE_PAIR = ("UPDATE person_match SET field_id = :field_id, field_batch_id = :field_batch_id, "
               "other_key = :other_key, method = 'kk_nama', score = :score, category = :category, "
               "differing = :differing, sls_id = :sls_id WHERE id = :id")
UPDATE_DUPLICATE = ("UPDATE person_match SET category = 'ganda', "
                    "other_key = :other_key WHERE id = :id")
