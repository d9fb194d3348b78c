"""Alembic environment: runs against the engine the caller hands over (see directory.migrate)."""

from typing import Any

from alembic import context
from sqlalchemy import JSON as _JSON

from directory import models  # noqa: F401  (registers every table on the metadata)
from directory.db import Base, UTCDateTime


def render_item(kind: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write our column types as plain SQLAlchemy ones, so a migration never imports the app."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(obj, _JSON):
        return "JSON"  # defined at the top of every migration (script.py.mako)
    return False


config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch migrations rebuild a SQLite table by copying it and dropping the old one; with
        # foreign keys on, that drop would cascade into the rows that refer to it. Off while
        # migrating (it cannot change inside a transaction), checked and back on afterwards.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
                render_item=render_item,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
