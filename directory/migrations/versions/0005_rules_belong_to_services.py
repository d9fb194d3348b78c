"""rules belong to a service and may ask for any of several capabilities; services list their
sites, their cost basis and the source's cost references

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

``site_rules`` (one site, one capability, a flat condition) becomes ``rules`` (a service, the
rule's data as JSON: see directory.rules). Existing rows are carried over unchanged in meaning:
each old rule keeps its site, its capability and its condition, and applies when the case does
not state the field, as before. Loading the vocabulary file (``partner-directory seed``) then
brings them up to date.
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON on SQLite, JSONB on PostgreSQL (as directory.db.JSONType at the time of writing).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
#: Before this revision every rule and every site belonged to the one service there was.
FIRST_SERVICE = "bone-cryoablation"


def upgrade() -> None:
    with op.batch_alter_table("service_types", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sites", JSON, nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column("cost_basis", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("context", JSON, nullable=False, server_default=sa.text("'[]'")))
    rules = op.create_table(
        "rules",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("service_code", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("definition", JSON, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('required', 'advisory', 'case-warning')", name=op.f("ck_rules_kind")),
        sa.ForeignKeyConstraint(
            ["service_code"], ["service_types.code"], name=op.f("fk_rules_service_code_service_types")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_rules")),
    )

    connection = op.get_bind()
    service_types = sa.table("service_types", sa.column("code", sa.String), sa.column("sites", JSON))
    sites = [row.code for row in connection.execute(sa.text("SELECT code FROM lesion_sites ORDER BY position, code"))]
    connection.execute(service_types.update().where(service_types.c.code == FIRST_SERVICE).values(sites=sites))
    if connection.execute(sa.select(service_types.c.code).where(service_types.c.code == FIRST_SERVICE)).first():
        old = connection.execute(
            sa.text("SELECT code, site_code, requires, kind, condition, reason, source, position FROM site_rules")
        ).mappings()
        carried = [
            {
                "code": row["code"],
                "service_code": FIRST_SERVICE,
                "kind": row["kind"],
                "position": row["position"],
                "definition": {
                    "sites": [row["site_code"]],
                    "requires": [row["requires"]],
                    "condition": _json(row["condition"]),
                    "if_unstated": "apply",
                    "text": row["reason"],
                    "source": row["source"],
                },
            }
            for row in old
        ]
        if carried:
            op.bulk_insert(rules, carried)
    op.drop_table("site_rules")


def _json(value: Any) -> Any:
    """A JSON column read through plain SQL: a str on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def downgrade() -> None:
    op.create_table(
        "site_rules",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("site_code", sa.String(length=40), nullable=False),
        sa.Column("requires", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("condition", JSON, nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('required', 'advisory')", name=op.f("ck_site_rules_kind")),
        sa.ForeignKeyConstraint(
            ["requires"], ["capability_types.code"], name=op.f("fk_site_rules_requires_capability_types")
        ),
        sa.ForeignKeyConstraint(
            ["site_code"], ["lesion_sites.code"], name=op.f("fk_site_rules_site_code_lesion_sites")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_site_rules")),
    )
    # Only what the old shape can say survives: one site, one capability, a flat condition.
    # The vocabulary's version is cleared so that the next seed reloads the file in full.
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT code, kind, definition, position FROM rules")).mappings()
    kept = []
    for row in rows:
        definition = _json(row["definition"])
        condition = definition.get("condition")
        sites, requires = definition.get("sites") or [], definition.get("requires") or []
        flat = condition is None or ("field" in condition and "value" in condition)
        if row["kind"] == "required" and len(sites) == 1 and len(requires) == 1 and flat:
            kept.append(
                {
                    "code": row["code"],
                    "site_code": sites[0],
                    "requires": requires[0],
                    "kind": row["kind"],
                    "condition": condition,
                    "reason": definition["text"],
                    "source": definition["source"],
                    "position": row["position"],
                }
            )
    if kept:
        site_rules = sa.table(
            "site_rules",
            *(sa.column(name) for name in ("code", "site_code", "requires", "kind", "reason", "source", "position")),
            sa.column("condition", JSON),
        )
        op.bulk_insert(site_rules, kept)
    connection.execute(sa.text("DELETE FROM vocabulary_meta WHERE key = 'about'"))
    op.drop_table("rules")
    with op.batch_alter_table("service_types", schema=None) as batch_op:
        batch_op.drop_column("context")
        batch_op.drop_column("cost_basis")
        batch_op.drop_column("sites")
