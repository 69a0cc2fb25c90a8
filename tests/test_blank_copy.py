"""A test's fresh database (a copy of the session's blank) equals one the migrations build."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

from models.launch.opening import open_database
from models.store.db import Database
from tests.conftest import PgSchemas, _new_url


def _shape(connection: Connection) -> dict[str, object]:
    """Every table's columns, keys, indexes and rows; on PostgreSQL its functions and triggers."""
    found = inspect(connection)
    shape: dict[str, object] = {}
    for table in sorted(found.get_table_names()):
        rows = connection.execute(text(f'SELECT * FROM "{table}"')).all()
        shape[table] = (
            [(c["name"], str(c["type"]), c["nullable"], str(c.get("default")))
             for c in found.get_columns(table)],
            found.get_pk_constraint(table)["constrained_columns"],
            sorted((fk["constrained_columns"], fk["referred_table"], fk["referred_columns"])
                   for fk in found.get_foreign_keys(table)),
            sorted((ix["name"], ix["column_names"], ix["unique"])
                   for ix in found.get_indexes(table)),
            sorted(map(repr, rows)),
        )
    if connection.dialect.name == "postgresql":
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        shape["functions"] = sorted(
            definition.replace(schema, "<schema>") for (definition,) in connection.execute(text(
                "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n "
                "ON n.oid = p.pronamespace WHERE n.nspname = current_schema()")))
        shape["triggers"] = sorted(connection.execute(text(
            "SELECT tgname, tgrelid::regclass::text FROM pg_trigger t JOIN pg_class c "
            "ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND NOT tgisinternal")).all())
    else:
        shape["triggers"] = sorted(connection.execute(text(
            "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")).all())
    return shape


def test_a_copied_blank_is_the_database_the_migrations_build(
        db: Database, tmp_path: Path, pg_schemas: PgSchemas | None) -> None:
    backend = "sqlite" if db.is_sqlite else "postgresql"
    url, schema = _new_url(backend, tmp_path / "migrated", pg_schemas)
    migrated, result = open_database(url)
    try:
        assert result.from_revision is None  # really built by every migration
        with db.engine.connect() as copied_conn, migrated.engine.connect() as migrated_conn:
            copied, built = _shape(copied_conn), _shape(migrated_conn)
        assert copied.keys() == built.keys()
        for part in built:
            assert copied[part] == built[part], part
    finally:
        migrated.dispose()
        if schema and pg_schemas:
            pg_schemas.drop(schema)

