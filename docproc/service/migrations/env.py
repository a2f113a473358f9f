"""Alembic environment: runs on the connection the service hands over, or on the env's URL.

The service calls ``Database.migrate`` on start; for manual use, ``alembic -x url=...`` or
``DOCPROC_DATABASE_URL`` points this at a database.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from docproc.service.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate on the given connection, else on a fresh engine for the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or os.environ.get(
        "DOCPROC_DATABASE_URL"
    )
    if not url:
        raise SystemExit("set DOCPROC_DATABASE_URL or pass -x url=...")
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_migrations_online()
