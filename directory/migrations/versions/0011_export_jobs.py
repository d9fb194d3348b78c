"""export_jobs: bulk exports a client asked for, their progress and the files they wrote,
each kept until it expires

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON on SQLite, JSONB on PostgreSQL (as directory.db.JSONType at the time of writing).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "export_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("requester_issuer", sa.String(length=300), nullable=False),
        sa.Column("requester_id", sa.String(length=255), nullable=False),
        sa.Column("level", sa.String(length=64), nullable=False),
        sa.Column("types", JSON, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_url", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("output", JSON, nullable=False),
        sa.Column("deleted", JSON, nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('in-progress', 'completed', 'failed', 'cancelled')", name=op.f("ck_export_jobs_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_jobs")),
    )
    op.create_index(op.f("ix_export_jobs_requester_id"), "export_jobs", ["requester_id"], unique=False)
    op.create_index(op.f("ix_export_jobs_expires_at"), "export_jobs", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_export_jobs_expires_at"), table_name="export_jobs")
    op.drop_index(op.f("ix_export_jobs_requester_id"), table_name="export_jobs")
    op.drop_table("export_jobs")
