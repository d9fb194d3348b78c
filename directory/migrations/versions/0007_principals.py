"""every principal is (issuer, id): referrals, their steps and messages, webhooks and audit
events record the issuer beside the client or person

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

Existing rows were all made by this service's own clients: their issuer is ``local``. A
partner's webhook learns its centre (it hears of that centre's referrals, whichever issuer the
partner's tokens come from).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOCAL = "local"
ISSUER_COLUMNS = {
    "referrals": "requester_issuer",
    "referral_transitions": "actor_issuer",
    "referral_messages": "author_issuer",
    "webhooks": "issuer",
    "audit_events": "issuer",
}


def upgrade() -> None:
    for table, column in ISSUER_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(length=300), nullable=False, server_default=LOCAL))
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("centre", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_webhooks_centre"), ["centre"], unique=False)
    op.execute(
        "UPDATE webhooks SET centre = (SELECT centres.slug FROM oauth_clients JOIN centres"
        " ON centres.id = oauth_clients.centre_id WHERE oauth_clients.client_id = webhooks.client_id"
        " AND oauth_clients.role = 'partner')"
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint("uq_referrals_requester_client_id_external_ref", type_="unique")
        batch_op.drop_constraint("uq_referrals_requester_client_id_idempotency_key", type_="unique")
        batch_op.create_unique_constraint(
            "uq_referrals_requester_ref", ["requester_issuer", "requester_client_id", "external_ref"]
        )
        batch_op.create_unique_constraint(
            "uq_referrals_requester_key", ["requester_issuer", "requester_client_id", "idempotency_key"]
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint("uq_referrals_requester_key", type_="unique")
        batch_op.drop_constraint("uq_referrals_requester_ref", type_="unique")
        batch_op.create_unique_constraint(
            "uq_referrals_requester_client_id_idempotency_key", ["requester_client_id", "idempotency_key"]
        )
        batch_op.create_unique_constraint(
            "uq_referrals_requester_client_id_external_ref", ["requester_client_id", "external_ref"]
        )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhooks_centre"))
        batch_op.drop_column("centre")
    for table, column in reversed(ISSUER_COLUMNS.items()):
        # A plain ALTER TABLE (SQLite has DROP COLUMN since 3.35): a batch rebuild would lose
        # the append-only triggers of audit_events.
        op.drop_column(table, column)
