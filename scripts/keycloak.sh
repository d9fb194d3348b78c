#!/usr/bin/env bash
# Start/stop a real, local Keycloak (start-dev, embedded H2) for tests -- no Docker.
#
# Usage: scripts/keycloak.sh start|stop|kill|status|url
#   start   fetch (first time only), start, wait until it answers and the admin REST API
#           accepts a token of the bootstrap admin; prints the URL as the last line of
#           stdout (progress goes to stderr). Idempotent.
#   stop    stop the server started by `start` (pidfile) and wait for it to exit.
#   kill    stop it abruptly (SIGKILL to the whole process group), as a crash would.
#   status  exit 0 if it answers: /health/ready on the management port is UP and the
#           master realm's OpenID configuration carries the fixed issuer.
#   url     print the URL (http://127.0.0.1:8180); realms are at $URL/realms/<realm>.
#
# Environment (all optional):
#   KC_VERSION (26.7.3)   KC_HOME ($repo/.cache/keycloak)   KC_PORT (8180)
#   KC_MANAGEMENT_PORT (9180; health endpoints)   KC_JAVA_HOME (Java 17)
#   KC_HEAP (-Xms256m -Xmx768m; passed as JAVA_OPTS_KC_HEAP)   KC_START_TIMEOUT (180 s,
#   counted after the download)   KC_ADMIN_USER (admin)   KC_ADMIN_PASSWORD (admin)
# These variables are removed from the server's environment (Keycloak reads KC_* variables
# as its own options, and kc.sh reads KC_DEBUG*); JAVA and JAVA_OPTS are removed too, so
# that the heap above applies (JAVA_OPTS_APPEND still passes through).
#
# The bootstrap admin is created only together with the master realm, i.e. on the first
# boot of an empty database: to change KC_ADMIN_USER/KC_ADMIN_PASSWORD later, stop and
# remove $KC_HOME/dist/keycloak-$KC_VERSION/data (realms created by tests live there too).
#
# Facts verified on this machine (Debian 12, OpenJDK 17.0.15, root, 2 CPUs, no Docker):
#  - Artifact: org.keycloak:keycloak-quarkus-dist:26.7.3:zip from Maven Central via mvn,
#    177 MB, 188 MB unpacked into keycloak-26.7.3/. No bundled JDK. Quarkus 3.33.3.1.
#  - Runs on OpenJDK 17 (the default; no deprecation warning in the log) and on Temurin 25
#    (KC_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64); warm boots take 7-8 s with either.
#  - Runs as root without complaint: no system user or runuser needed.
#  - Every option used below is accepted as is: start-dev --http-host=127.0.0.1
#    --http-port --hostname=http://127.0.0.1:8180 (hostname v2 takes a full URL; the log
#    says "If hostname is specified, hostname-strict is effectively ignored")
#    --health-enabled=true --http-management-port. Tokens' iss is then fixed:
#    http://127.0.0.1:8180/realms/<realm>, whatever Host header a request carries.
#  - Health is served on the management port only (/health/ready on 8180 is a 404).
#  - The first boot after unpacking "augments" the Quarkus app (19 s, rewrites lib/quarkus/);
#    kc.sh then exec's into java (the pidfile's pid becomes the JVM). Later boots with the
#    same build options (health-enabled, db) skip that; kc.sh stays the JVM's parent,
#    forwards SIGTERM to it, hence setsid and signals to the process group below.
#  - start-dev keeps its H2 database and transaction logs in $DIST/data; they persist.
#  - The bootstrap admin (KC_BOOTSTRAP_ADMIN_USERNAME/PASSWORD) gets an admin-cli
#    password-grant token from the master realm and may use the admin REST API.
#  - Access tokens (client credentials too): header alg RS256, typ JWT; payload typ Bearer.
#  - Timings: cold start (Maven Central download 9 s + unzip + augmentation + first boot
#    creating the master realm) 44 s; start from the cache 7-8 s; start when already running
#    0.15 s (a second `start` while one is booting waits on the lock, then returns); stop 3 s;
#    kill 1.3 s, and the H2 database survives it. A wrong KC_ADMIN_PASSWORD fails in ~30 s.
#  - Memory with -Xms256m -Xmx768m: RSS 570 MB after the first boot, 505 MB after a warm
#    boot; 560 MB after creating a realm and a client and issuing tokens.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)

KC_VERSION=${KC_VERSION:-26.7.3}
KC_HOME=${KC_HOME:-$REPO_ROOT/.cache/keycloak}
KC_PORT=${KC_PORT:-8180}
KC_MANAGEMENT_PORT=${KC_MANAGEMENT_PORT:-9180}
KC_HEAP=${KC_HEAP:--Xms256m -Xmx768m}
KC_START_TIMEOUT=${KC_START_TIMEOUT:-180}
KC_ADMIN_USER=${KC_ADMIN_USER:-admin}
KC_ADMIN_PASSWORD=${KC_ADMIN_PASSWORD:-admin}
KC_HOST=127.0.0.1
KC_URL="http://$KC_HOST:$KC_PORT"
KC_MANAGEMENT_URL="http://$KC_HOST:$KC_MANAGEMENT_PORT"

ARTIFACT="org.keycloak:keycloak-quarkus-dist:${KC_VERSION}:zip"
ZIP="$KC_HOME/download/keycloak-quarkus-dist-$KC_VERSION.zip"
DIST="$KC_HOME/dist/keycloak-$KC_VERSION"  # the server's home; start-dev keeps H2 in data/
SERVER="$KC_HOME/server-$KC_VERSION"       # pidfile and log
PIDFILE="$SERVER/keycloak.pid"             # pid of the session (= process group) leader
SERVER_LOG="$SERVER/logs/keycloak.log"     # kc.sh's console output, truncated on each start

log() { printf 'keycloak.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Keycloak answers: health UP on the management port and the fixed issuer on the main port.
answers() {
    local t=${1:-2}
    curl -fsS --max-time "$t" "$KC_MANAGEMENT_URL/health/ready" 2>/dev/null | grep -q '"UP"' \
        || return 1
    curl -fsS --max-time "$t" "$KC_URL/realms/master/.well-known/openid-configuration" 2>/dev/null \
        | grep -q "\"issuer\":\"$KC_URL/realms/master\""
}

# The bootstrap admin gets a token (admin-cli, password grant) that the admin REST API accepts.
admin_ok() {
    local t=${1:-5} token
    token=$(curl -fsS --max-time "$t" \
            --data-urlencode grant_type=password --data-urlencode client_id=admin-cli \
            --data-urlencode "username=$KC_ADMIN_USER" --data-urlencode "password=$KC_ADMIN_PASSWORD" \
            "$KC_URL/realms/master/protocol/openid-connect/token" 2>/dev/null \
        | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p') || return 1
    [ -n "$token" ] || return 1
    curl -fsS --max-time "$t" -o /dev/null -H "Authorization: Bearer $token" \
        "$KC_URL/admin/realms/master" 2>/dev/null
}

port_in_use() {
    (exec 3<>"/dev/tcp/$KC_HOST/$1") 2>/dev/null
}

# The process group from the pidfile, if one of its processes is still kc.sh or the
# Keycloak JVM (the leader is kc.sh, or the JVM once kc.sh has exec'd into it).
running_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(tr -dc '0-9' <"$PIDFILE")
    [ -n "$pid" ] || return 1
    pgrep -g "$pid" -f 'kc\.sh|kc\.home\.dir' >/dev/null 2>&1 || return 1
    printf '%s\n' "$pid"
}

group_alive() { pgrep -g "$1" >/dev/null 2>&1; }

show_logs() {
    if [ -s "$SERVER_LOG" ]; then
        log "---- last lines of $SERVER_LOG ----"
        tail -n 40 "$SERVER_LOG" >&2
        log "---- end of $SERVER_LOG ----"
    fi
}

detect_java_home() {
    if [ -n "${KC_JAVA_HOME:-}" ]; then
        printf '%s\n' "$KC_JAVA_HOME"
    elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
        printf '%s\n' /usr/lib/jvm/java-17-openjdk-amd64
    elif command -v java >/dev/null 2>&1; then
        dirname -- "$(dirname -- "$(readlink -f -- "$(command -v java)")")"
    else
        return 1
    fi
}

need_cmd() {
    local cmd=$1 pkg=${2:-$1}
    command -v "$cmd" >/dev/null 2>&1 && return 0
    if is_root && command -v apt-get >/dev/null 2>&1; then
        log "$cmd not found; installing Debian package $pkg"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq "$pkg" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "$pkg" >&2; }
    fi
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd is required (Debian package: $pkg)"
}

fetch_and_unpack() {
    if [ ! -x "$DIST/bin/kc.sh" ]; then
        if [ ! -s "$ZIP" ]; then
            need_cmd mvn maven
            local tmp="$KC_HOME/download/.tmp.$$"
            rm -rf "$tmp" && mkdir -p "$tmp"
            log "downloading $ARTIFACT (Maven Central) ..."
            if ! mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
                    -Dartifact="$ARTIFACT" -DoutputDirectory="$tmp" \
                    </dev/null >"$KC_HOME/download/mvn.log" 2>&1; then
                tail -n 30 "$KC_HOME/download/mvn.log" >&2
                rm -rf "$tmp"
                die "could not fetch $ARTIFACT with mvn (full output: $KC_HOME/download/mvn.log)"
            fi
            mv -f "$tmp/keycloak-quarkus-dist-$KC_VERSION.zip" "$ZIP"
            rm -rf "$tmp"
        fi
        need_cmd unzip
        log "unpacking $ZIP ..."
        local tmp="$KC_HOME/dist/.tmp.$$"
        rm -rf "$tmp" && mkdir -p "$tmp"
        if ! unzip -q "$ZIP" -d "$tmp"; then
            rm -rf "$tmp" "$ZIP"
            die "$ZIP is corrupt (removed); run start again to download it again"
        fi
        rm -rf "$DIST"
        mv "$tmp/keycloak-$KC_VERSION" "$DIST"
        rm -rf "$tmp"
    fi
}

wait_ready() {
    local deadline=$1 pid answered_at=
    while :; do
        if answers 2; then
            admin_ok 5 && return 0
            [ -n "$answered_at" ] || answered_at=$SECONDS
            if [ "$((SECONDS - answered_at))" -ge 20 ]; then
                log "Keycloak answers but user '$KC_ADMIN_USER' gets no admin token: the bootstrap admin"
                log "is only created with the master realm; remove $DIST/data to start afresh"
                return 1
            fi
        fi
        if ! pid=$(running_pid); then
            log "Keycloak process exited during startup"
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "timed out after ${KC_START_TIMEOUT}s waiting for Keycloak and its admin API (pid $pid)"
            return 1
        fi
        sleep 1
    done
}

cmd_start() {
    local pid java_home deadline i
    mkdir -p "$KC_HOME/download" "$KC_HOME/dist" "$SERVER/logs"
    # Serialise concurrent starts/stops; fd 9 is closed for the server below.
    exec 9>"$KC_HOME/.lock"
    flock -w 600 9 || die "could not lock $KC_HOME/.lock"
    need_cmd curl
    need_cmd pgrep procps
    need_cmd setsid util-linux

    if pid=$(running_pid); then
        if answers 2 && admin_ok 5; then
            log "already running (pid $pid)"
        else
            log "Keycloak (pid $pid) is starting; waiting for it"
            if ! wait_ready "$((SECONDS + KC_START_TIMEOUT))"; then
                show_logs
                exit 1
            fi
        fi
        printf '%s\n' "$KC_URL"
        return 0
    fi
    rm -f "$PIDFILE"
    if answers 2; then
        admin_ok 5 || die "a Keycloak not started by this script answers on $KC_URL, but not to user '$KC_ADMIN_USER'"
        log "WARNING: a Keycloak not started by this script answers on $KC_URL; using it (stop will not stop it)"
        printf '%s\n' "$KC_URL"
        return 0
    fi
    port_in_use "$KC_PORT" && die "port $KC_PORT is in use by something that is not this Keycloak; set KC_PORT"
    port_in_use "$KC_MANAGEMENT_PORT" && die "management port $KC_MANAGEMENT_PORT is in use; set KC_MANAGEMENT_PORT"

    java_home=$(detect_java_home) || die "no Java found; install openjdk-17-jre-headless or set KC_JAVA_HOME"
    [ -x "$java_home/bin/java" ] || die "KC_JAVA_HOME=$java_home has no bin/java"

    fetch_and_unpack
    deadline=$((SECONDS + KC_START_TIMEOUT))

    log "starting Keycloak $KC_VERSION on $KC_URL (management $KC_MANAGEMENT_URL, java: $java_home, heap: $KC_HEAP)"
    [ -d "$DIST/data" ] || log "first boot: Quarkus build + master realm, this takes a while"
    : >"$SERVER_LOG"
    # setsid: the server gets its own session and process group (stop/kill signal the group,
    # which holds kc.sh and the JVM); the leader writes its own pid, as setsid may fork.
    # Output goes to a file so that nobody (e.g. a caller's $(...)) waits on a pipe held open.
    (cd -- "$DIST" && exec env \
        -u KC_VERSION -u KC_HOME -u KC_PORT -u KC_MANAGEMENT_PORT -u KC_JAVA_HOME -u KC_HEAP \
        -u KC_START_TIMEOUT -u KC_ADMIN_USER -u KC_ADMIN_PASSWORD -u KC_DEBUG -u KC_DEBUG_PORT \
        -u KC_DEBUG_SUSPEND -u KC_RUN_IN_CONTAINER -u JAVA -u JAVA_OPTS \
        JAVA_HOME="$java_home" \
        JAVA_OPTS_KC_HEAP="$KC_HEAP" \
        KC_BOOTSTRAP_ADMIN_USERNAME="$KC_ADMIN_USER" \
        KC_BOOTSTRAP_ADMIN_PASSWORD="$KC_ADMIN_PASSWORD" \
        setsid sh -c 'echo $$ >"$0" && exec "$@"' "$PIDFILE" \
        "$DIST/bin/kc.sh" start-dev \
            --http-host="$KC_HOST" \
            --http-port="$KC_PORT" \
            --hostname="$KC_URL" \
            --health-enabled=true \
            --http-management-port="$KC_MANAGEMENT_PORT" \
        </dev/null >>"$SERVER_LOG" 2>&1 9>&-) &
    for i in $(seq 1 50); do
        [ -s "$PIDFILE" ] && break
        sleep 0.1
    done
    if ! wait_ready "$deadline"; then
        show_logs
        cmd_stop_quiet
        exit 1
    fi
    log "Keycloak is up (pid $(running_pid || echo '?'), ${SECONDS}s)"
    printf '%s\n' "$KC_URL"
}

stop_pid() {
    local pid=$1 i
    # SIGTERM to the leader only: kc.sh forwards it to the JVM (or is the JVM after exec).
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
    else
        kill -TERM -- "-$pid" 2>/dev/null || true
    fi
    for i in $(seq 1 600); do
        group_alive "$pid" || { rm -f "$PIDFILE"; return 0; }
        [ "$i" -eq 300 ] && log "still waiting for process group $pid to exit ..."
        sleep 0.1
    done
    log "process group $pid did not exit after 60s; sending SIGKILL"
    kill -KILL -- "-$pid" 2>/dev/null || true
    sleep 1
    rm -f "$PIDFILE"
}

cmd_stop_quiet() {
    local pid
    if pid=$(running_pid); then
        stop_pid "$pid"
    fi
}

cmd_stop() {
    local pid
    if pid=$(running_pid); then
        log "stopping Keycloak (pid $pid)"
        stop_pid "$pid"
        log "stopped"
    else
        rm -f "$PIDFILE"
        log "not running"
    fi
}

cmd_kill() {
    local pid
    if pid=$(running_pid); then
        log "killing Keycloak (process group $pid)"
        kill -KILL -- "-$pid" 2>/dev/null || true
        while group_alive "$pid"; do sleep 0.1; done
        rm -f "$PIDFILE"
    else
        log "not running"
    fi
}

cmd_status() {
    local pid
    if answers 2; then
        if pid=$(running_pid); then
            log "running (pid $pid) and answering at $KC_URL"
        else
            log "answering at $KC_URL (not started by this script)"
        fi
        return 0
    fi
    if pid=$(running_pid); then
        log "process $pid is running but $KC_URL does not answer (yet)"
    else
        log "not running"
    fi
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    kill) cmd_kill ;;
    status) cmd_status ;;
    url) printf '%s\n' "$KC_URL" ;;
    *)
        printf 'usage: %s start|stop|kill|status|url\n' "$0" >&2
        exit 2
        ;;
esac
