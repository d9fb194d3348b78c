#!/bin/sh
# The database's two roles, made once by the postgres image on a new data directory
# (docker-compose.yml mounts this file into /docker-entrypoint-initdb.d):
#   DIRECTORY_OWNER  owns the database, its schema and tables, and runs the migrations
#                    (MIGRATION_DATABASE_URL of `partner-directory db upgrade`);
#   DIRECTORY_APP    what the API and the workers connect as (DATABASE_URL): it may only log in
#                    here; every `db upgrade` grants it what the service needs on the tables
#                    (SELECT and INSERT only on audit_events) and nothing on the schema.
# POSTGRES_USER, the superuser, is for operators; no service connects as it.
set -eu
psql -q -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v db="$POSTGRES_DB" \
    -v owner="$DIRECTORY_OWNER" -v owner_password="$DIRECTORY_OWNER_PASSWORD" \
    -v app="$DIRECTORY_APP" -v app_password="$DIRECTORY_APP_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO :"owner";
-- Only these two roles connect; nobody but the owner creates anything in the schema.
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
