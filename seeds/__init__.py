"""Seed data (vocabulary and centres, as TOML) and the idempotent loader."""
