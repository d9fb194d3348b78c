"""Migrations run from empty on SQLite and PostgreSQL, match the models, and go back down."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from directory import migrate
from directory.db import Base, Database


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_database_url):
    db = Database(empty_database_url)
    try:
        assert migrate.current_revision(db) is None
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision(db)

        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, Base.metadata)
        assert differences == [], differences

        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables

        migrate.downgrade(db, "base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        migrate.upgrade(db)  # and up again
        assert migrate.current_revision(db) == migrate.head_revision(db)
    finally:
        db.dispose()
