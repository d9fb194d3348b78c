"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 00:02:09.110004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON on SQLite, JSONB on PostgreSQL (as directory.db.JSONType at the time of writing).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("actor_centre", sa.String(length=64), nullable=True),
        sa.Column("token_id", sa.String(length=100), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("entity_version", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("outcome IN ('success', 'denied')", name=op.f("ck_audit_events_outcome")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_client_id"), ["client_id"], unique=False)
        batch_op.create_index("ix_audit_events_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "capability_types",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_capability_types")),
    )
    op.create_table(
        "centres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("accreditations", JSON, nullable=False),
        sa.Column("contact", JSON, nullable=False),
        sa.Column("accepting_referrals", sa.Boolean(), nullable=False),
        sa.Column("vetting_status", sa.String(length=16), nullable=False),
        sa.Column("vetting_reason", sa.Text(), nullable=True),
        sa.Column("vetted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("vetted_by", sa.String(length=100), nullable=True),
        sa.Column("next_review_due", sa.Date(), nullable=True),
        sa.Column("provenance", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "vetting_status IN ('pending', 'vetted', 'suspended', 'lapsed')", name=op.f("ck_centres_vetting_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centres")),
        sa.UniqueConstraint("slug", name=op.f("uq_centres_slug")),
    )
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centres_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_centres_vetting_status"), ["vetting_status"], unique=False)

    op.create_table(
        "lesion_sites",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("approach", sa.Text(), nullable=False),
        sa.Column("key_consideration", sa.Text(), nullable=False),
        sa.Column("adjunct_note", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_lesion_sites")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("entity_version", sa.Integer(), nullable=True),
        sa.Column("operation", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("operation IN ('upsert', 'delete')", name=op.f("ck_outbox_operation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_pending",
            ["topic", "available_at", "id"],
            unique=False,
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )

    op.create_table(
        "revoked_tokens",
        sa.Column("jti", sa.String(length=100), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_revoked_tokens")),
    )
    with op.batch_alter_table("revoked_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revoked_tokens_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "service_types",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_service_types")),
    )
    op.create_table(
        "signing_keys",
        sa.Column("kid", sa.String(length=100), nullable=False),
        sa.Column("private_jwk", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_signing_keys")),
    )
    op.create_table(
        "vocabulary_meta",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_vocabulary_meta")),
    )
    op.create_table(
        "centre_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_centre_aliases_centre_id_centres"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_aliases")),
        sa.UniqueConstraint("centre_id", "alias", name=op.f("uq_centre_aliases_centre_id_alias")),
    )
    with op.batch_alter_table("centre_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centre_aliases_centre_id"), ["centre_id"], unique=False)

    op.create_table(
        "centre_capabilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=100), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("verified_by", sa.String(length=100), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('available', 'limited', 'unavailable')", name=op.f("ck_centre_capabilities_status")
        ),
        sa.CheckConstraint(
            "verification IN ('unverified', 'self-reported', 'verified')",
            name=op.f("ck_centre_capabilities_verification"),
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_centre_capabilities_centre_id_centres"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["capability_types.code"], name=op.f("fk_centre_capabilities_code_capability_types")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_capabilities")),
        sa.UniqueConstraint("centre_id", "code", name=op.f("uq_centre_capabilities_centre_id_code")),
    )
    with op.batch_alter_table("centre_capabilities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centre_capabilities_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_centre_capabilities_code"), ["code"], unique=False)

    op.create_table(
        "centre_languages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=35), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_centre_languages_centre_id_centres"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_centre_languages")),
        sa.UniqueConstraint("centre_id", "tag", name=op.f("uq_centre_languages_centre_id_tag")),
    )
    with op.batch_alter_table("centre_languages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_centre_languages_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_centre_languages_tag"), ["tag"], unique=False)

    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("secret_hash", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=True),
        sa.Column("scopes", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role <> 'partner' OR centre_id IS NOT NULL", name=op.f("ck_oauth_clients_partner_centre")),
        sa.CheckConstraint("role IN ('admin', 'coordinator', 'partner', 'intake')", name=op.f("ck_oauth_clients_role")),
        sa.ForeignKeyConstraint(["centre_id"], ["centres.id"], name=op.f("fk_oauth_clients_centre_id_centres")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
        sa.UniqueConstraint("client_id", name=op.f("uq_oauth_clients_client_id")),
    )
    op.create_table(
        "service_offerings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("annual_volume", sa.Integer(), nullable=True),
        sa.Column("cost_currency", sa.String(length=3), nullable=True),
        sa.Column("cost_min", sa.Integer(), nullable=True),
        sa.Column("cost_max", sa.Integer(), nullable=True),
        sa.Column("wait_days", sa.Integer(), nullable=True),
        sa.Column("imaging", JSON, nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("reported_by", sa.String(length=100), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verification", sa.String(length=16), nullable=False),
        sa.Column("verified_by", sa.String(length=100), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "verification IN ('unverified', 'self-reported', 'verified')",
            name=op.f("ck_service_offerings_verification"),
        ),
        sa.CheckConstraint(
            "cost_min IS NULL OR cost_max IS NULL OR cost_min <= cost_max", name=op.f("ck_service_offerings_cost")
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"], ["centres.id"], name=op.f("fk_service_offerings_centre_id_centres"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["code"], ["service_types.code"], name=op.f("fk_service_offerings_code_service_types")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_offerings")),
        sa.UniqueConstraint("centre_id", "code", name=op.f("uq_service_offerings_centre_id_code")),
    )
    with op.batch_alter_table("service_offerings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_offerings_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_offerings_code"), ["code"], unique=False)

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
    op.create_table(
        "service_sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offering_id", sa.Integer(), nullable=False),
        sa.Column("site_code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["offering_id"],
            ["service_offerings.id"],
            name=op.f("fk_service_sites_offering_id_service_offerings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["site_code"], ["lesion_sites.code"], name=op.f("fk_service_sites_site_code_lesion_sites")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_sites")),
        sa.UniqueConstraint("offering_id", "site_code", name=op.f("uq_service_sites_offering_id_site_code")),
    )
    with op.batch_alter_table("service_sites", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_sites_offering_id"), ["offering_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_sites_site_code"), ["site_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_sites", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_sites_site_code"))
        batch_op.drop_index(batch_op.f("ix_service_sites_offering_id"))

    op.drop_table("service_sites")
    op.drop_table("site_rules")
    with op.batch_alter_table("service_offerings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_offerings_code"))
        batch_op.drop_index(batch_op.f("ix_service_offerings_centre_id"))

    op.drop_table("service_offerings")
    op.drop_table("oauth_clients")
    with op.batch_alter_table("centre_languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centre_languages_tag"))
        batch_op.drop_index(batch_op.f("ix_centre_languages_centre_id"))

    op.drop_table("centre_languages")
    with op.batch_alter_table("centre_capabilities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centre_capabilities_code"))
        batch_op.drop_index(batch_op.f("ix_centre_capabilities_centre_id"))

    op.drop_table("centre_capabilities")
    with op.batch_alter_table("centre_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centre_aliases_centre_id"))

    op.drop_table("centre_aliases")
    op.drop_table("vocabulary_meta")
    op.drop_table("signing_keys")
    op.drop_table("service_types")
    with op.batch_alter_table("revoked_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revoked_tokens_expires_at"))

    op.drop_table("revoked_tokens")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_outbox_pending",
            postgresql_where=sa.text("processed_at IS NULL"),
            sqlite_where=sa.text("processed_at IS NULL"),
        )

    op.drop_table("outbox")
    op.drop_table("lesion_sites")
    with op.batch_alter_table("centres", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_centres_vetting_status"))
        batch_op.drop_index(batch_op.f("ix_centres_country"))

    op.drop_table("centres")
    op.drop_table("capability_types")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")
        batch_op.drop_index(batch_op.f("ix_audit_events_client_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
