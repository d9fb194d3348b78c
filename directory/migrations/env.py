"""Alembic environment: runs against the engine the caller hands over (see directory.migrate)."""

from alembic import context

from directory import models  # noqa: F401  (registers every table on the metadata)
from directory.db import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
