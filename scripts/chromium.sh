#!/usr/bin/env bash
# Chromium for the browser tests: Debian's chromium package (Playwright cannot download its own
# browsers on a closed network), with the Noto fonts that render Chinese and Devanagari names.
# Installs what is missing when run as root on Debian; prints the browser's path last.
#
#   scripts/chromium.sh          install if needed, print the path
set -euo pipefail

log() { printf 'chromium.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK-* >/dev/null 2>&1 \
    || missing+=(fonts-noto-cjk)
ls /usr/share/fonts/truetype/noto/NotoSansDevanagari-* >/dev/null 2>&1 || missing+=(fonts-noto-core)

if [ ${#missing[@]} -gt 0 ]; then
    is_root && command -v apt-get >/dev/null 2>&1 || die "missing: ${missing[*]} (Debian packages; run as root to install)"
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "${missing[@]}" >&2; }
fi
command -v chromium >/dev/null 2>&1 || die "chromium did not install"
command -v chromium
