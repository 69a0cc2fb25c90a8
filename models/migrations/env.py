"""Alembic environment: runs on the connection the app hands over, or on -x url=..."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models.schema import metadata

config = context.config


def run_on(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:  # command-line alembic for developers: alembic -x url=sqlite:///dev.sqlite ...
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.begin() as conn:
        run_on(conn)
