#!/usr/bin/env bash
# Makes the screenshots in docs/screenshots/ from the demo site in content/, in headless
# Chromium (Debian's `chromium`): a post with quoted passages, a repeat, a sidenote and an
# update notice, at 1400 px in the light scheme and at 390 px in the dark one.
#
#   scripts/screenshots.sh [OUT_DIR]     # OUT_DIR defaults to docs/screenshots
#
# GLOSS names the gloss binary to use (default: target/release/gloss, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
gloss="${GLOSS:-target/release/gloss}"
[ -x "$gloss" ] || cargo build --release --quiet
post="posts/elm-street-weekends/"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# `gloss serve` builds the demo in memory and serves it at a local address.
port=$((20000 + RANDOM % 20000))
"$gloss" serve --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  grep -q "built " "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "built " "$work/serve.log" || { cat "$work/serve.log" >&2; exit 1; }

shot() { # NAME WIDTH HEIGHT light|dark
  local scheme=()
  [ "$4" = dark ] && scheme=(--force-dark-mode)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile-$1" "${scheme[@]}" --hide-scrollbars \
    --window-size="$2,$3" --screenshot="$out/$1.png" \
    "http://127.0.0.1:$port/$post" >/dev/null 2>&1
  echo "$out/$1.png"
}
mkdir -p "$out"
shot post-wide-light 1400 1250 light
shot post-narrow-dark 390 1250 dark
