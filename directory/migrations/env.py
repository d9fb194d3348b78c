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

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
