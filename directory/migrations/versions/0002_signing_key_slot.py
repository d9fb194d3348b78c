"""signing key slot: one signing key, even when several processes start at once

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("signing_keys") as batch:
        batch.add_column(sa.Column("slot", sa.String(length=16), nullable=True))
        batch.create_unique_constraint(batch.f("uq_signing_keys_slot"), ["slot"])
    # The newest key of an existing installation keeps signing.
    op.execute(
        "UPDATE signing_keys SET slot = 'signing' WHERE kid = "
        "(SELECT kid FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table("signing_keys") as batch:
        batch.drop_constraint(batch.f("uq_signing_keys_slot"), type_="unique")
        batch.drop_column("slot")
