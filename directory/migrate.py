"""Alembic, driven from code: the CLI and the tests migrate the same way."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from directory.db import Database
from directory.sealing import Sealer
from directory.text import Text

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db: Database, sealer: Sealer | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = db.engine
    # Revisions that seal or open stored secrets need the master key (directory.sealing).
    config.attributes["sealer"] = sealer
    return config


def upgrade(db: Database, revision: str = "head", sealer: Sealer | None = None) -> None:
    command.upgrade(alembic_config(db, sealer), revision)


def downgrade(db: Database, revision: str, sealer: Sealer | None = None) -> None:
    command.downgrade(alembic_config(db, sealer), revision)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def head_revision(db: Database) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


# --- least privilege on PostgreSQL ------------------------------------------------------------

#: The table whose rows nobody changes once written; the application may only add and read.
APPEND_ONLY = frozenset({"audit_events"})
#: Tables the application reads but never writes: Alembic's record of the schema's revision.
READ_ONLY = frozenset({"alembic_version"})


def grant_app_privileges(owner: Database, role: str) -> list[str]:
    """Give the application's database role exactly what it needs in the owner's schema, and
    nothing else: USAGE on the schema; SELECT, INSERT, UPDATE, DELETE on the tables; only SELECT
    and INSERT on the append-only audit log; SELECT on Alembic's revision; USAGE and SELECT on
    the sequences. Whatever the role held before in the schema is revoked first (in the same
    transaction, so it never goes without), so granting again after every migration covers new
    tables and takes back what a hand-typed GRANT added. No CREATE, TRUNCATE, TRIGGER or
    REFERENCES, no ownership: the role cannot change the schema or drop the audit log's triggers.

    PostgreSQL only; ``owner`` connects as the role that owns the tables (it runs the
    migrations). Returns what still gives the role more than that (see ``privilege_problems``),
    e.g. membership in the owner's role, which no GRANT can take away; empty when all is well.
    """
    if owner.dialect != "postgresql":
        raise ValueError("database roles and grants are PostgreSQL's")
    with owner.engine.begin() as connection:
        quote = connection.dialect.identifier_preparer.quote
        schema, owner_role = connection.exec_driver_sql("SELECT current_schema(), current_user").one()
        if role == owner_role:
            raise ValueError(Text("%(role)s runs the migrations: the application needs a role of its own", role=role))
        tables = inspect(connection).get_table_names(schema=schema)
        sequences = inspect(connection).get_sequence_names(schema=schema)
        grantee, on_schema = quote(role), quote(schema)

        def qualified(name: str) -> str:
            return f"{on_schema}.{quote(name)}"

        statements = [
            f"REVOKE ALL ON ALL TABLES IN SCHEMA {on_schema} FROM {grantee}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {on_schema} FROM {grantee}",
            f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {on_schema} FROM {grantee}",
            f"REVOKE CREATE ON SCHEMA {on_schema} FROM {grantee}",
            f"GRANT USAGE ON SCHEMA {on_schema} TO {grantee}",
        ]
        for table in sorted(tables):
            rights = (
                "SELECT, INSERT"
                if table in APPEND_ONLY
                else "SELECT"
                if table in READ_ONLY
                else "SELECT, INSERT, UPDATE, DELETE"
            )
            statements.append(f"GRANT {rights} ON TABLE {qualified(table)} TO {grantee}")
        for sequence in sorted(sequences):
            statements.append(f"GRANT USAGE, SELECT ON SEQUENCE {qualified(sequence)} TO {grantee}")
        for statement in statements:
            connection.exec_driver_sql(statement)
        return privilege_problems(connection, role)


def privilege_problems(connection: Connection, role: str) -> list[str]:
    """What lets ``role`` change the audit log or the schema (PostgreSQL): being a superuser,
    owning (or being able to become the owner of) audit_events or any table, UPDATE, DELETE,
    TRUNCATE, TRIGGER or REFERENCES on audit_events, CREATE in the schema. Empty when the role
    may only add to the audit log and read it; ``["no audit_events table"]`` before migrating."""
    row = connection.execute(
        text(
            """
            SELECT r.rolsuper,
                   to_regclass(quote_ident(current_schema()) || '.audit_events') IS NOT NULL,
                   has_schema_privilege(r.oid, current_schema(), 'CREATE')
            FROM pg_roles r WHERE r.rolname = :role
            """
        ),
        {"role": role},
    ).one_or_none()
    if row is None:
        return [Text("no role %(role)s", role=role)]
    superuser, migrated, create = row
    problems = []
    if superuser:
        problems.append(Text("%(role)s is a superuser", role=role))
    if create:
        problems.append(Text("%(role)s may create objects in the schema", role=role))
    if not migrated:
        return [*problems, "no audit_events table"]
    audit = connection.execute(
        text(
            """
            SELECT o.rolname,
                   pg_has_role(:role, c.relowner, 'MEMBER'),
                   has_table_privilege(:role, c.oid, 'UPDATE'),
                   has_table_privilege(:role, c.oid, 'DELETE'),
                   has_table_privilege(:role, c.oid, 'TRUNCATE'),
                   has_table_privilege(:role, c.oid, 'TRIGGER'),
                   has_table_privilege(:role, c.oid, 'REFERENCES')
            FROM pg_class c JOIN pg_roles o ON o.oid = c.relowner
            WHERE c.oid = to_regclass(quote_ident(current_schema()) || '.audit_events')
            """
        ),
        {"role": role},
    ).one()
    owner, owns, *rights = audit
    if owns and not superuser:
        problems.append(
            Text("%(role)s owns audit_events", role=role)
            if owner == role
            else Text("%(role)s is a member of %(owner)s, which owns audit_events", role=role, owner=owner)
        )
    granted = [
        name
        for name, held in zip(("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES"), rights, strict=True)
        if held
    ]
    if granted and not (owns or superuser):
        problems.append(Text("%(role)s may %(rights)s audit_events", role=role, rights=", ".join(granted)))
    owned = connection.execute(
        text(
            """
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
              AND pg_has_role(:role, c.relowner, 'MEMBER') AND c.relname <> 'audit_events'
            """
        ),
        {"role": role},
    ).scalar_one()
    if owned and not (owns or superuser):
        problems.append(Text("%(role)s owns %(count)d other tables or sequences", role=role, count=owned))
    return problems
