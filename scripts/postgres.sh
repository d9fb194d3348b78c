#!/usr/bin/env bash
# Start/stop a throwaway local PostgreSQL cluster for tests -- no Docker.
#
# Usage: scripts/postgres.sh start|stop|status|url
#   start   initdb (first time only), start, wait with pg_isready, make sure the role
#           `partner` (password `partner`; CREATEDB and CREATEROLE, so that tests can make
#           throwaway databases and roles) and the databases partner_directory and
#           partner_directory_test exist; prints the test database URL as the last
#           line of stdout (progress goes to stderr). Idempotent.
#   stop    pg_ctl stop -m fast.
#   status  exit 0 if the cluster accepts connections.
#   url     print the URL of the test database.
#
# Environment (all optional): PG_HOME ($repo/.cache/postgres), PG_PORT (55432),
#   PG_BINDIR (detected: pg_config --bindir, else the newest /usr/lib/postgresql/*/bin),
#   PG_OS_USER (postgres; the OS user that owns the cluster when run as root),
#   PG_START_TIMEOUT (60 s).
#
# The cluster is for tests only: fsync/synchronous_commit/full_page_writes are off,
# it listens on 127.0.0.1 only; the superuser `postgres` is trusted (local socket and
# 127.0.0.1), every other role logs in over TCP with its password (scram-sha-256).
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)

PG_HOME=${PG_HOME:-$REPO_ROOT/.cache/postgres}
PG_PORT=${PG_PORT:-55432}
PG_OS_USER=${PG_OS_USER:-postgres}
PG_START_TIMEOUT=${PG_START_TIMEOUT:-60}
PG_HOST=127.0.0.1
APP_ROLE=partner
APP_PASSWORD=partner
APP_DATABASES=(partner_directory partner_directory_test)
URL="postgresql+psycopg://$APP_ROLE:$APP_PASSWORD@$PG_HOST:$PG_PORT/partner_directory_test"

DATA="$PG_HOME/data"
LOGDIR="$PG_HOME/log"
LOGFILE="$LOGDIR/postgres.log"
SOCKDIR="$PG_HOME/run"

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the OS user that owns the cluster.
as_owner() {
    if is_root; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

find_bindir() {
    local d
    if [ -n "${PG_BINDIR:-}" ]; then
        [ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR has no initdb"
        printf '%s\n' "$PG_BINDIR"
        return 0
    fi
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            printf '%s\n' "$d"
            return 0
        fi
    fi
    d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null \
        | sort -V | tail -n 1)
    if [ -n "$d" ]; then
        dirname -- "$d"
        return 0
    fi
    return 1
}

ensure_bindir() {
    if ! BINDIR=$(find_bindir); then
        if is_root && command -v apt-get >/dev/null 2>&1; then
            log "no PostgreSQL server binaries found; installing Debian package postgresql"
            export DEBIAN_FRONTEND=noninteractive
            apt-get install -y -qq postgresql >&2 \
                || { apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2; }
            BINDIR=$(find_bindir) || die "postgresql installed but no initdb found"
        else
            die "no PostgreSQL server binaries found (install the Debian package postgresql or set PG_BINDIR)"
        fi
    fi
}

# Make sure the owner can reach $1: add o+x to any parent directory it cannot traverse.
ensure_traversable() {
    local dir
    dir=$(cd -- "$1" && pwd -P)
    while [ "$dir" != / ]; do
        dir=$(dirname -- "$dir")
        if ! runuser -u "$PG_OS_USER" -- test -x "$dir"; then
            log "making $dir traversable (o+x) for user $PG_OS_USER"
            chmod o+x "$dir"
        fi
    done
}

is_running() {
    [ -f "$DATA/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

accepting() {
    "$BINDIR/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t "${1:-1}" >/dev/null 2>&1
}

port_in_use() {
    (exec 3<>"/dev/tcp/$PG_HOST/$1") 2>/dev/null
}

show_log() {
    if [ -s "$LOGFILE" ]; then
        log "---- last lines of $LOGFILE ----"
        tail -n 30 "$LOGFILE" >&2
        log "---- end of $LOGFILE ----"
    fi
}

prepare_dirs() {
    mkdir -p "$PG_HOME" "$DATA" "$LOGDIR" "$SOCKDIR"
    if is_root; then
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            log "creating system user $PG_OS_USER (PostgreSQL refuses to run as root)"
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_OS_USER"
        fi
        chmod a+rx "$PG_HOME"
        chown "$PG_OS_USER:" "$DATA" "$LOGDIR" "$SOCKDIR"
        ensure_traversable "$PG_HOME"
    fi
    chmod 700 "$DATA"
}

init_cluster() {
    [ -f "$DATA/PG_VERSION" ] && return 0
    log "creating a new cluster in $DATA ($("$BINDIR/postgres" --version))"
    if [ -n "$(ls -A "$DATA")" ]; then
        die "$DATA is not empty but holds no cluster (interrupted initdb?); remove it and start again"
    fi
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=trust \
        --encoding=UTF8 --no-locale --no-instructions >"$LOGDIR/initdb.log" 2>&1 \
        || { tail -n 30 "$LOGDIR/initdb.log" >&2; die "initdb failed"; }
    as_owner tee "$DATA/pg_hba.conf" >/dev/null <<EOF
# Generated by scripts/postgres.sh (throwaway test cluster).
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       all                      trust
host    all       postgres  127.0.0.1/32   trust
host    all       all       127.0.0.1/32   scram-sha-256
EOF
    printf "\ninclude_if_exists = 'test_cluster.conf'\n" | as_owner tee -a "$DATA/postgresql.conf" >/dev/null
}

write_settings() {
    local sockdir=$SOCKDIR
    # Unix socket paths are limited to 107 bytes; fall back to TCP only.
    if [ "${#sockdir}" -gt 90 ]; then
        sockdir=""
    fi
    as_owner tee "$DATA/test_cluster.conf" >/dev/null <<EOF
# Generated by scripts/postgres.sh on every start; edits are overwritten.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
}

ensure_app_objects() {
    local db sql
    # CREATEDB and CREATEROLE: tests make throwaway databases, and an owner and a service role of
    # their own to prove the service's least privilege (test cluster only).
    sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_ROLE') THEN
    CREATE ROLE $APP_ROLE LOGIN CREATEDB CREATEROLE PASSWORD '$APP_PASSWORD';
  ELSE
    ALTER ROLE $APP_ROLE LOGIN CREATEDB CREATEROLE PASSWORD '$APP_PASSWORD';
  END IF;
END \$\$;
-- Tests drop their throwaway databases WITH (FORCE), which may have to stop an autovacuum worker.
GRANT pg_signal_backend TO $APP_ROLE;"
    for db in "${APP_DATABASES[@]}"; do
        sql+="
SELECT 'CREATE DATABASE $db OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec"
    done
    "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
        >/dev/null <<<"$sql" || die "could not create role $APP_ROLE / databases"
}

cmd_start() {
    ensure_bindir
    mkdir -p "$PG_HOME"
    # Serialise concurrent starts/stops; fd 9 is closed for the server below.
    exec 9>"$PG_HOME/.lock"
    flock -w 300 9 || die "could not lock $PG_HOME/.lock"

    prepare_dirs
    if is_running; then
        log "already running"
    else
        if port_in_use "$PG_PORT"; then
            die "port $PG_PORT is in use by another process; set PG_PORT"
        fi
        init_cluster
        write_settings
        log "starting PostgreSQL ($BINDIR) on $PG_HOST:$PG_PORT"
        if ! (cd / && as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t "$PG_START_TIMEOUT" \
                start </dev/null >&2 9>&-); then
            show_log
            die "pg_ctl start failed"
        fi
    fi
    local deadline=$((SECONDS + PG_START_TIMEOUT))
    until accepting 1; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            show_log
            die "PostgreSQL did not accept connections on $PG_HOST:$PG_PORT within ${PG_START_TIMEOUT}s"
        fi
        sleep 0.5
    done
    ensure_app_objects
    log "PostgreSQL is up (${SECONDS}s)"
    printf '%s\n' "$URL"
}

cmd_stop() {
    BINDIR=$(find_bindir) || die "no PostgreSQL server binaries found"
    if [ -f "$DATA/postmaster.pid" ] && is_running; then
        log "stopping PostgreSQL"
        (cd / && as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2) \
            || die "pg_ctl stop failed"
    else
        log "not running"
    fi
}

cmd_status() {
    BINDIR=$(find_bindir) || die "no PostgreSQL server binaries found"
    if accepting 1; then
        log "accepting connections on $PG_HOST:$PG_PORT"
        return 0
    fi
    log "not running (or not accepting connections) on $PG_HOST:$PG_PORT"
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) printf '%s\n' "$URL" ;;
    *)
        printf 'usage: %s start|stop|status|url\n' "$0" >&2
        exit 2
        ;;
esac
