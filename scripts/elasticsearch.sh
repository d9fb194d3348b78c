#!/usr/bin/env bash
# Start/stop a real, local, single-node Elasticsearch for tests -- no Docker.
#
# Usage: scripts/elasticsearch.sh start|stop|status|url
#   start   fetch (first time only), start, wait until yellow; prints the URL as
#           the last line of stdout (progress goes to stderr). Idempotent.
#   stop    stop the node started by `start` (pidfile) and wait for it to exit.
#   status  exit 0 if the node answers /_cluster/health with yellow or green.
#   url     print the URL.
#
# Environment (all optional):
#   ES_VERSION (8.19.21)   ES_HOME ($repo/.cache/elasticsearch)   ES_PORT (9250)
#   ES_TRANSPORT_PORT (9350)   ES_JAVA_HOME (Java 17)   ES_JAVA_OPTS (-Xms512m -Xmx512m)
#   ES_START_TIMEOUT (120 s)   ES_USER (elasticsearch; only used when run as root)
#   ES_NODE_NAME (node): a second node (with its own ES_PORT and ES_TRANSPORT_PORT) shares the
#                        downloaded distribution but keeps its own data; the fault tests use one.
#
# Also: `kill` stops the node abruptly (SIGKILL), as a crash would.
#
# Facts verified on this machine (Debian 12, OpenJDK 17.0.15, root, 2 CPUs, no Docker):
#  - Artifact: Maven Central's metadata for org.elasticsearch.distribution.integ-test-zip:elasticsearch
#    lists 8.19.21 as the newest 8.19.x (the list is sparse: 8.19.8 resolves but is not listed).
#    The zip is 102 MB, 119 MB unpacked; its only modules are x-pack-core, x-pack-security,
#    transport-netty4 and apm. No bundled JDK; runs on OpenJDK 17.
#  - As root it dies with "can not run elasticsearch as root", hence the system user + runuser.
#  - Without xpack.security.enabled=false it auto-configures TLS and answers 401 over HTTPS.
#  - Every setting used below is accepted as is (discovery.type=single-node, network.host,
#    http.port, transport.port, path.data/path.logs, xpack.security.enabled=false,
#    cluster.routing.allocation.disk.threshold_enabled=false, action.destructive_requires_name=false).
#    Settings of modules it lacks are fatal ("unknown setting [ingest.geoip.downloader.enabled]");
#    xpack.ml.enabled=false is accepted (x-pack-core defines it) but pointless.
#  - Bootstrap checks (vm.max_map_count 65530 < 262144, 20000 file descriptors) are only
#    warnings on a loopback single-node.
#  - The stock jvm.options writes gc.log (32 x 64 MB) to the working directory: rewritten below.
#  - GET / answers 405 (only DELETE is routed there), so the health check is /_cluster/health.
#  - Timings: cold start (Maven Central download + unzip + boot) 10 s; start from the cache 6 s;
#    start when already running 0.02 s; stop 2 s.
#  - Memory with -Xms512m -Xmx512m: RSS 750 MB after start, 785 MB after indexing 20,000 small
#    documents and 200 fuzzy searches with a terms aggregation.
#  - Missing (verified): search_as_you_type, asciifolding, edge_ngram, language analyzers,
#    painless/script_score, _reindex, _update_by_query, _delete_by_query, ingest processors,
#    bucket_sort. Present: match+fuzziness, multi_match bool_prefix, nested, function_score
#    (field_value_factor, gauss, weight), geo_point/geo_distance, completion suggester,
#    terms/range/histogram/top_hits/avg_bucket aggregations, aliases, _bulk, wildcard index delete.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)

ES_VERSION=${ES_VERSION:-8.19.21}
ES_HOME=${ES_HOME:-$REPO_ROOT/.cache/elasticsearch}
ES_PORT=${ES_PORT:-9250}
ES_TRANSPORT_PORT=${ES_TRANSPORT_PORT:-9350}
ES_JAVA_OPTS=${ES_JAVA_OPTS:--Xms512m -Xmx512m}
ES_START_TIMEOUT=${ES_START_TIMEOUT:-120}
ES_USER=${ES_USER:-elasticsearch}
ES_HOST=127.0.0.1
ES_URL="http://$ES_HOST:$ES_PORT"
CLUSTER_NAME=partner-directory-test

ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
ZIP="$ES_HOME/download/elasticsearch-$ES_VERSION.zip"
DIST="$ES_HOME/dist/elasticsearch-$ES_VERSION"
ES_NODE_NAME=${ES_NODE_NAME:-node}
NODE="$ES_HOME/$ES_NODE_NAME-$ES_VERSION"  # config, data, logs, tmp of the node
PIDFILE="$NODE/elasticsearch.pid"
STARTUP_LOG="$NODE/logs/startup.log"
SERVER_LOG="$NODE/logs/$CLUSTER_NAME.log"

log() { printf 'elasticsearch.sh: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the user that owns the node (the system user when we are root).
as_es() {
    if is_root; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

healthy() {
    # Single-node: yellow is as good as it gets for indices with replicas.
    # When the wait times out ES answers 408, so curl -f fails.
    curl -fsS --max-time "$((${1:-1} + 5))" \
        "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1}s" >/dev/null 2>&1
}

port_in_use() {
    (exec 3<>"/dev/tcp/$ES_HOST/$1") 2>/dev/null
}

# PID from the pidfile, if that process is alive and is an Elasticsearch JVM.
running_pid() {
    local pid
    [ -f "$PIDFILE" ] || return 1
    pid=$(tr -dc '0-9' <"$PIDFILE")
    [ -n "$pid" ] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
    printf '%s\n' "$pid"
}

show_logs() {
    # The launcher's console output (JVM errors included) is a superset of the server log.
    local f=$STARTUP_LOG
    [ -s "$f" ] || f=$SERVER_LOG
    if [ -s "$f" ]; then
        log "---- last lines of $f ----"
        tail -n 40 "$f" >&2
        log "---- end of $f ----"
    fi
}

detect_java_home() {
    if [ -n "${ES_JAVA_HOME:-}" ]; then
        printf '%s\n' "$ES_JAVA_HOME"
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

# Make sure $ES_USER can reach $1: add o+x to any parent directory it cannot traverse.
ensure_traversable() {
    local dir
    dir=$(cd -- "$1" && pwd -P)
    while [ "$dir" != / ]; do
        dir=$(dirname -- "$dir")
        if ! runuser -u "$ES_USER" -- test -x "$dir"; then
            log "making $dir traversable (o+x) for user $ES_USER"
            chmod o+x "$dir"
        fi
    done
}

fetch_and_unpack() {
    if [ ! -x "$DIST/bin/elasticsearch" ]; then
        if [ ! -s "$ZIP" ]; then
            need_cmd mvn maven
            local tmp="$ES_HOME/download/.tmp.$$"
            rm -rf "$tmp" && mkdir -p "$tmp"
            log "downloading $ARTIFACT (Maven Central) ..."
            if ! mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
                    -Dartifact="$ARTIFACT" -DoutputDirectory="$tmp" \
                    </dev/null >"$ES_HOME/download/mvn.log" 2>&1; then
                tail -n 30 "$ES_HOME/download/mvn.log" >&2
                rm -rf "$tmp"
                die "could not fetch $ARTIFACT with mvn (full output: $ES_HOME/download/mvn.log)"
            fi
            mv -f "$tmp/elasticsearch-$ES_VERSION.zip" "$ZIP"
            rm -rf "$tmp"
        fi
        need_cmd unzip
        log "unpacking $ZIP ..."
        local tmp="$ES_HOME/dist/.tmp.$$"
        rm -rf "$tmp" && mkdir -p "$tmp"
        if ! unzip -q "$ZIP" -d "$tmp"; then
            rm -rf "$tmp" "$ZIP"
            die "$ZIP is corrupt (removed); run start again to download it again"
        fi
        rm -rf "$DIST"
        mv "$tmp/elasticsearch-$ES_VERSION" "$DIST"
        rm -rf "$tmp"
        chmod -R a+rX "$DIST"
    fi
}

prepare_node() {
    mkdir -p "$NODE/config" "$NODE/data" "$NODE/logs" "$NODE/tmp"
    # Fresh copy of the distribution's config (keeps an existing keystore), plus our settings.
    local f
    for f in "$DIST"/config/*; do
        case $(basename -- "$f") in
            elasticsearch.yml|jvm.options) ;;
            *) [ -e "$NODE/config/$(basename -- "$f")" ] || cp -R "$f" "$NODE/config/" ;;
        esac
    done
    # The stock jvm.options writes gc.log (32 x 64 MB) relative to the working directory.
    sed -e "s|file=gc.log|file=$NODE/logs/gc.log|" \
        -e 's|filecount=32,filesize=64m|filecount=2,filesize=16m|' \
        -e "s|-XX:ErrorFile=hs_err_pid%p.log|-XX:ErrorFile=$NODE/logs/hs_err_pid%p.log|" \
        "$DIST/config/jvm.options" >"$NODE/config/jvm.options"
    printf -- '-XX:HeapDumpPath=%s\n' "$NODE/logs" >"$NODE/config/jvm.options.d/heap-dump.options"
    cat >"$NODE/config/elasticsearch.yml" <<EOF
# Generated by scripts/elasticsearch.sh on every start; edits are overwritten.
cluster.name: $CLUSTER_NAME
node.name: $ES_NODE_NAME
discovery.type: single-node
network.host: $ES_HOST
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
path.data: $NODE/data
path.logs: $NODE/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    if is_root; then
        if ! id -u "$ES_USER" >/dev/null 2>&1; then
            log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$ES_USER"
        fi
        chmod a+rx "$ES_HOME" "$ES_HOME/dist"
        chown -R "$ES_USER:" "$NODE"
        ensure_traversable "$NODE"
        runuser -u "$ES_USER" -- test -r "$DIST/lib" || die "$DIST is not readable by $ES_USER"
    fi
}

wait_healthy() {
    local deadline=$1 pid
    while :; do
        healthy 2 && return 0
        if ! pid=$(running_pid); then
            log "Elasticsearch process exited during startup"
            return 1
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "timed out after ${ES_START_TIMEOUT}s waiting for cluster health yellow (pid $pid)"
            return 1
        fi
        sleep 1
    done
}

cmd_start() {
    local pid java_home deadline remaining rc
    mkdir -p "$ES_HOME/download" "$ES_HOME/dist"
    # Serialise concurrent starts/stops; fd 9 is closed for the daemon below.
    exec 9>"$ES_HOME/.lock"
    flock -w 600 9 || die "could not lock $ES_HOME/.lock"

    if pid=$(running_pid); then
        if ! healthy 1; then
            log "Elasticsearch (pid $pid) is starting; waiting for it"
            if ! wait_healthy "$((SECONDS + ES_START_TIMEOUT))"; then
                show_logs
                exit 1
            fi
        else
            log "already running (pid $pid)"
        fi
        printf '%s\n' "$ES_URL"
        return 0
    fi
    rm -f "$PIDFILE"
    if healthy 1; then
        log "WARNING: an Elasticsearch not started by this script answers on $ES_URL; using it (stop will not stop it)"
        printf '%s\n' "$ES_URL"
        return 0
    fi
    port_in_use "$ES_PORT" && die "port $ES_PORT is in use by something that is not a healthy Elasticsearch; set ES_PORT"
    port_in_use "$ES_TRANSPORT_PORT" && die "transport port $ES_TRANSPORT_PORT is in use; set ES_TRANSPORT_PORT"

    java_home=$(detect_java_home) || die "no Java found; install openjdk-17-jre-headless or set ES_JAVA_HOME"
    [ -x "$java_home/bin/java" ] || die "ES_JAVA_HOME=$java_home has no bin/java"

    deadline=$((SECONDS + ES_START_TIMEOUT))
    fetch_and_unpack
    prepare_node

    remaining=$((deadline - SECONDS))
    [ "$remaining" -ge 10 ] || remaining=10
    log "starting Elasticsearch $ES_VERSION on $ES_URL (java: $java_home, heap: $ES_JAVA_OPTS)"
    : >"$STARTUP_LOG"
    is_root && chown "$ES_USER:" "$STARTUP_LOG"
    # -d daemonises once the node is up; its output goes to a file so that nobody
    # (e.g. a caller's $(...)) waits on a pipe held open by the daemon.
    if ! (cd -- "$NODE" && as_es env \
            ES_JAVA_HOME="$java_home" \
            ES_PATH_CONF="$NODE/config" \
            ES_JAVA_OPTS="$ES_JAVA_OPTS" \
            ES_TMPDIR="$NODE/tmp" \
            timeout "$remaining" "$DIST/bin/elasticsearch" -d -p "$PIDFILE" \
            </dev/null >>"$STARTUP_LOG" 2>&1 9>&-); then
        rc=$?
        if [ "$rc" -eq 124 ]; then
            log "the Elasticsearch launcher did not finish within ${remaining}s (ES_START_TIMEOUT=$ES_START_TIMEOUT)"
        else
            log "the Elasticsearch launcher failed (exit code $rc)"
        fi
        show_logs
        cmd_stop_quiet
        exit 1
    fi
    if ! wait_healthy "$deadline"; then
        show_logs
        cmd_stop_quiet
        exit 1
    fi
    log "Elasticsearch is up (pid $(running_pid || echo '?'), ${SECONDS}s)"
    printf '%s\n' "$ES_URL"
}

stop_pid() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; return 0; }
        [ "$i" -eq 30 ] && log "still waiting for pid $pid to exit ..."
        sleep 1
    done
    log "pid $pid did not exit after 60s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
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
        log "stopping Elasticsearch (pid $pid)"
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
        log "killing Elasticsearch (pid $pid)"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        rm -f "$PIDFILE"
    else
        log "not running"
    fi
}

cmd_status() {
    local pid
    if healthy 1; then
        if pid=$(running_pid); then
            log "running (pid $pid) and healthy at $ES_URL"
        else
            log "healthy at $ES_URL (not started by this script)"
        fi
        return 0
    fi
    if pid=$(running_pid); then
        log "process $pid is running but $ES_URL is not healthy (yet)"
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
    url) printf '%s\n' "$ES_URL" ;;
    *)
        printf 'usage: %s start|stop|kill|status|url\n' "$0" >&2
        exit 2
        ;;
esac
