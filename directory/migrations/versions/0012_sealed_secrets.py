"""secrets sealed at rest (signing keys, webhook secrets, TOTP seeds, the web app's secret),
signing keys that retire after an overlap, and secrets that overlap when rotated

A signing key keeps its public half in the clear (the JWKS needs no master key) and its
private half sealed; a retired key loses its private half. Values stored before this
revision are sealed here, with the master key ``partner-directory db upgrade`` was given
(``directory.migrate.upgrade(..., sealer=...)``); a database holding none needs no key.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# JSON on SQLite, JSONB on PostgreSQL (as directory.db.JSONType at the time of writing).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

#: The private members of an RSA JWK (RFC 7518, 6.3.2).
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth")

signing_keys = sa.table(
    "signing_keys",
    sa.column("kid", sa.String),
    sa.column("private_jwk", JSON),
    sa.column("public_jwk", JSON),
    sa.column("sealed_private_key", sa.Text),
)
webhooks = sa.table("webhooks", sa.column("id", sa.String), sa.column("secret", sa.Text))
users = sa.table("users", sa.column("id", sa.String), sa.column("totp_secret", sa.Text))
state = sa.table("directory_state", sa.column("key", sa.String), sa.column("value", JSON))


def _sealer() -> Any:
    sealer = op.get_context().config.attributes.get("sealer")
    if sealer is None or not sealer.keys:
        raise RuntimeError(
            "This database holds secrets to seal: give the master key (SECRETS_KEY or SECRETS_KEY_FILE) to the upgrade."
        )
    return sealer


def upgrade() -> None:
    import json

    bind = op.get_bind()
    # Asked before any change: SQLite would keep the columns of a half-done upgrade.
    holding = sum(
        bind.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0
        for table in (
            sa.table("signing_keys"),
            webhooks,
            users.select().where(users.c.totp_secret.is_not(None)).subquery(),
            state.select().where(state.c.key == "web-client").subquery(),
        )
    )
    if holding:
        _sealer()

    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_jwk", JSON, nullable=True))
        batch_op.add_column(sa.Column("sealed_private_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retire_after", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.alter_column("secret", existing_type=sa.String(length=100), type_=sa.Text())
        batch_op.add_column(sa.Column("previous_secret", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("previous_secret_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=64), type_=sa.Text())
    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("previous_secret_hash", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("previous_secret_until", sa.DateTime(timezone=True), nullable=True))

    for kid, private in bind.execute(sa.select(signing_keys.c.kid, signing_keys.c.private_jwk)).all():
        public = {k: v for k, v in private.items() if k not in PRIVATE_MEMBERS}
        sealed = _sealer().seal(json.dumps(private), f"signing-key:{kid}")
        bind.execute(
            signing_keys.update().where(signing_keys.c.kid == kid).values(public_jwk=public, sealed_private_key=sealed)
        )
    for hook_id, secret in bind.execute(sa.select(webhooks.c.id, webhooks.c.secret)).all():
        bind.execute(
            webhooks.update()
            .where(webhooks.c.id == hook_id)
            .values(secret=_sealer().seal(secret, f"webhook:{hook_id}"))
        )
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    for user_id, secret in rows:
        bind.execute(
            users.update().where(users.c.id == user_id).values(totp_secret=_sealer().seal(secret, f"totp:{user_id}"))
        )
    web = bind.execute(sa.select(state.c.value).where(state.c.key == "web-client")).scalar()
    if web is not None and "secret" in web:
        sealed = _sealer().seal(web["secret"], "web-client")
        bind.execute(state.update().where(state.c.key == "web-client").values(value={"sealed": sealed}))

    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.alter_column("public_jwk", existing_type=JSON, nullable=False)
        batch_op.drop_column("private_jwk")


def downgrade() -> None:
    import json

    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("private_jwk", JSON, nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.select(signing_keys.c.kid, signing_keys.c.sealed_private_key)).all()
    for kid, sealed in rows:
        if sealed is None:  # retired: nothing to give back
            bind.execute(signing_keys.delete().where(signing_keys.c.kid == kid))
            continue
        private = json.loads(_sealer().open(sealed, f"signing-key:{kid}"))
        bind.execute(signing_keys.update().where(signing_keys.c.kid == kid).values(private_jwk=private))
    for hook_id, secret in bind.execute(sa.select(webhooks.c.id, webhooks.c.secret)).all():
        plain = _sealer().open(secret, f"webhook:{hook_id}")
        bind.execute(webhooks.update().where(webhooks.c.id == hook_id).values(secret=plain))
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    for user_id, secret in rows:
        plain = _sealer().open(secret, f"totp:{user_id}")
        bind.execute(users.update().where(users.c.id == user_id).values(totp_secret=plain))
    web = bind.execute(sa.select(state.c.value).where(state.c.key == "web-client")).scalar()
    if web is not None and "sealed" in web:
        plain = _sealer().open(web["sealed"], "web-client")
        bind.execute(state.update().where(state.c.key == "web-client").values(value={"secret": plain}))

    with op.batch_alter_table("oauth_clients", schema=None) as batch_op:
        batch_op.drop_column("previous_secret_until")
        batch_op.drop_column("previous_secret_hash")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.Text(), type_=sa.String(length=64))
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_column("previous_secret_until")
        batch_op.drop_column("previous_secret")
        batch_op.alter_column("secret", existing_type=sa.Text(), type_=sa.String(length=100))
    with op.batch_alter_table("signing_keys", schema=None) as batch_op:
        batch_op.alter_column("private_jwk", existing_type=JSON, nullable=False)
        batch_op.drop_column("retire_after")
        batch_op.drop_column("not_before")
        batch_op.drop_column("sealed_private_key")
        batch_op.drop_column("public_jwk")
