"""people signed in through an external identity provider are remembered (issuer, subject,
address, role, centre), so that notifications reach them too; a local account's subject is
its id

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("issuer", sa.String(length=300), server_default="local", nullable=False))
        batch_op.add_column(sa.Column("subject", sa.String(length=255), nullable=True))
    op.execute("UPDATE users SET subject = id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("subject", existing_type=sa.String(length=255), nullable=False)
        batch_op.drop_constraint("uq_users_email", type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_users_issuer_email"), ["issuer", "email"])
        batch_op.create_unique_constraint(batch_op.f("uq_users_issuer_subject"), ["issuer", "subject"])


def downgrade() -> None:
    op.execute("DELETE FROM users WHERE issuer <> 'local'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("uq_users_issuer_subject", type_="unique")
        batch_op.drop_constraint("uq_users_issuer_email", type_="unique")
        batch_op.create_unique_constraint("uq_users_email", ["email"])
        batch_op.drop_column("subject")
        batch_op.drop_column("issuer")
