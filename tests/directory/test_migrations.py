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


def test_0005_carries_the_site_rules_over_and_back(empty_database_url):
    """Rules written by the first release keep their meaning in the new shape, and come back."""
    import json

    from sqlalchemy import text

    db = Database(empty_database_url)
    try:
        migrate.upgrade(db, "0004")
        condition = {"field": "lytic", "op": "eq", "value": True}
        with db.engine.begin() as connection:
            for position, site in enumerate(["spine", "pelvis-sacrum"]):
                connection.execute(
                    text(
                        "INSERT INTO lesion_sites (code, label, approach, key_consideration, adjunct_note, source, position)"
                        " VALUES (:code, :code, 'a', 'k', 'n', 's', :position)"
                    ),
                    {"code": site, "position": position},
                )
            connection.execute(
                text(
                    "INSERT INTO capability_types (code, label, category, description) VALUES ('cementoplasty', 'C', 'adjunct', '')"
                )
            )
            connection.execute(
                text("INSERT INTO service_types (code, label, description) VALUES ('bone-cryoablation', 'B', '')")
            )
            connection.execute(
                text(
                    "INSERT INTO site_rules (code, site_code, requires, kind, condition, reason, source, position)"
                    " VALUES ('pelvis-lytic', 'pelvis-sacrum', 'cementoplasty', 'required', :condition, 'Why.', 'Quote.', 0)"
                ),
                {"condition": json.dumps(condition)},
            )
        migrate.upgrade(db)
        with db.engine.connect() as connection:
            (code, service, kind, definition) = connection.execute(
                text("SELECT code, service_code, kind, definition FROM rules")
            ).one()
            sites = connection.execute(text("SELECT sites FROM service_types")).scalar_one()
        definition = json.loads(definition) if isinstance(definition, str) else definition
        sites = json.loads(sites) if isinstance(sites, str) else sites
        assert (code, service, kind) == ("pelvis-lytic", "bone-cryoablation", "required")
        assert definition == {
            "sites": ["pelvis-sacrum"],
            "requires": ["cementoplasty"],
            "condition": condition,
            "if_unstated": "apply",
            "text": "Why.",
            "source": "Quote.",
        }
        assert sites == ["spine", "pelvis-sacrum"]  # the one service treated every site

        migrate.downgrade(db, "0004")
        with db.engine.connect() as connection:
            row = connection.execute(text("SELECT code, site_code, requires, reason FROM site_rules")).one()
        assert tuple(row) == ("pelvis-lytic", "pelvis-sacrum", "cementoplasty", "Why.")
    finally:
        db.dispose()


def test_0007_keeps_referrals_and_their_steps_and_names_the_local_issuer(empty_database_url):
    """0007 rebuilds the referrals table on SQLite: nothing that refers to it may be lost."""
    from sqlalchemy import text

    db = Database(empty_database_url)
    try:
        migrate.upgrade(db, "0006")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO centres (slug, name, country, city, accreditations, contact, accepting_referrals,"
                    " vetting_status, provenance, created_at, updated_at, version, demo, vetting_verification)"
                    " VALUES ('c', 'C', 'IN', 'Pune', '[]', '{}', true, 'vetted', '{}', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP, 1, false, 'unverified')"
                )
            )
            centre = connection.execute(text("SELECT id FROM centres")).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO referrals (id, external_ref, requester_client_id, requester_role, centre_id, status,"
                    " profile, match_snapshot, request_hash, created_at, updated_at, version)"
                    " VALUES ('r1', 'case-1', 'intake-1', 'intake', :c, 'requested', '{}', '{}', 'h',"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
                ),
                {"c": centre},
            )
            connection.execute(
                text(
                    "INSERT INTO referral_transitions (referral_id, from_status, to_status, version, at,"
                    " actor_client_id, actor_role, acting_for) VALUES ('r1', NULL, 'requested', 1,"
                    " CURRENT_TIMESTAMP, 'intake-1', 'intake', 'requester')"
                )
            )
        migrate.upgrade(db)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT requester_issuer FROM referrals")).scalar_one() == "local"
            assert connection.execute(text("SELECT count(*) FROM referral_transitions")).scalar_one() == 1
    finally:
        db.dispose()


def test_0012_seals_the_secrets_stored_before_it_and_opens_them_going_back(empty_database_url):
    """Signing keys, webhook secrets, TOTP seeds and the web app's secret written in the clear
    by earlier releases are sealed by the upgrade, which needs the master key to do it."""
    import json

    import pytest
    from sqlalchemy import text

    from api.oauth.keys import generate_signing_key
    from directory.sealing import Sealer, new_master_key
    from directory.services import Services

    sealer = Sealer.from_texts([new_master_key()])
    kid, private = generate_signing_key()
    db = Database(empty_database_url)
    try:
        migrate.upgrade(db, "0011")
        with db.engine.begin() as connection:
            jwk = json.dumps(private)
            connection.execute(
                text("INSERT INTO signing_keys (kid, slot, private_jwk, created_at) VALUES (:k, 'signing', :j, :t)"),
                {"k": kid, "j": jwk, "t": "2026-11-01 00:00:00+00:00"},
            )
            connection.execute(
                text(
                    "INSERT INTO webhooks (id, issuer, client_id, url, secret, created_at) "
                    "VALUES ('h1', 'local', 'intake-1', 'https://example.org/h', 'plain-hook-secret', :t)"
                ),
                {"t": "2026-11-01 00:00:00+00:00"},
            )
            connection.execute(
                text("INSERT INTO directory_state (key, value, updated_at) VALUES ('web-client', :v, :t)"),
                {"v": json.dumps({"secret": "plain-web-secret"}), "t": "2026-11-01 00:00:00+00:00"},
            )

        with pytest.raises(RuntimeError, match="give the master key"):
            migrate.upgrade(db)  # secrets to seal, and no key to seal them with
        assert migrate.current_revision(db) == "0011"  # nothing half-done

        migrate.upgrade(db, sealer=sealer)
        with db.engine.connect() as connection:
            dump = " ".join(
                str(row)
                for table in ("signing_keys", "webhooks", "directory_state")
                for row in connection.execute(text(f"SELECT * FROM {table}"))
            )
        assert "plain-hook-secret" not in dump and "plain-web-secret" not in dump and private["d"] not in dump
        services = Services(db, sealer)
        key = services.keys.active()[0]
        assert key.kid == kid and services.keys.private_jwk(key) == private and "d" not in key.public_jwk
        assert services.clients.web_secret() == "plain-web-secret"

        migrate.downgrade(db, "0011", sealer=sealer)
        with db.engine.connect() as connection:
            secret = connection.execute(text("SELECT secret FROM webhooks WHERE id = 'h1'")).scalar()
            stored = connection.execute(text("SELECT private_jwk FROM signing_keys")).scalar()
        assert secret == "plain-hook-secret"
        assert (json.loads(stored) if isinstance(stored, str) else stored) == private
    finally:
        db.dispose()
