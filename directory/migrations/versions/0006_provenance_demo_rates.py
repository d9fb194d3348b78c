"""provenance on every fact (evidence, vetting verification and source), demo centres kept
apart, exchange rates, and the reason a coordinator overrode a referral check

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

Existing rows: a vetting decision taken by a person (not ``system:*``) is verified; one from a
data file keeps its reason as its source. Centres whose provenance says they are fictional or
synthetic become demo centres, and the database is marked as holding the demo data set.
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.add_column(sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("vetting_decided_by", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("vetting_decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("vetting_verification", sa.String(length=16), nullable=False, server_default="unverified")
        )
        batch_op.add_column(sa.Column("vetting_source", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_centres_next_review_due"), ["next_review_due"], unique=False)
    for table in ("centre_capabilities", "service_offerings"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("evidence", sa.Text(), nullable=True))
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
    op.create_table(
        "exchange_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("usd_per_unit", sa.Float(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("usd_per_unit > 0", name=op.f("ck_exchange_rates_positive")),
        sa.PrimaryKeyConstraint("currency", name=op.f("pk_exchange_rates")),
    )
    state = op.create_table(
        "directory_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_directory_state")),
    )

    connection = op.get_bind()
    connection.execute(sa.text("UPDATE centres SET vetting_decided_by = vetted_by, vetting_decided_at = vetted_at"))
    connection.execute(
        sa.text(
            "UPDATE centres SET vetting_verification = 'verified'"
            " WHERE vetted_by IS NOT NULL AND vetted_by NOT LIKE 'system:%'"
        )
    )
    connection.execute(
        sa.text("UPDATE centres SET vetting_source = vetting_reason WHERE vetting_verification = 'unverified'")
    )
    # Admin clients may now set exchange rates: their stored scopes gain the new one.
    clients = sa.table("oauth_clients", sa.column("id", sa.Integer), sa.column("scopes", JSON))
    for client_id, scopes in connection.execute(sa.text("SELECT id, scopes FROM oauth_clients WHERE role = 'admin'")):
        granted = list(_json(scopes) or [])
        if "rates:write" not in granted:
            connection.execute(
                clients.update().where(clients.c.id == client_id).values(scopes=[*granted, "rates:write"])
            )
    demo = []
    for centre_id, provenance in connection.execute(sa.text("SELECT id, provenance FROM centres")):
        source = str(_json(provenance).get("source", "")).lower()
        if source.startswith(("fictional", "synthetic")):
            demo.append(centre_id)
    if demo:
        centres = sa.table("centres", sa.column("id", sa.Integer), sa.column("demo", sa.Boolean))
        connection.execute(centres.update().where(centres.c.id.in_(demo)).values(demo=True))
        op.bulk_insert(
            state,
            [{"key": "demo", "value": {"demo": True, "since": "migration 0006"}, "updated_at": datetime.now(UTC)}],
        )


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def downgrade() -> None:
    op.drop_table("directory_state")
    op.drop_table("exchange_rates")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_column("override_reason")
    for table in ("service_offerings", "centre_capabilities"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("evidence")
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centres_next_review_due"))
        batch_op.drop_column("vetting_source")
        batch_op.drop_column("vetting_verification")
        batch_op.drop_column("vetting_decided_at")
        batch_op.drop_column("vetting_decided_by")
        batch_op.drop_column("demo")
