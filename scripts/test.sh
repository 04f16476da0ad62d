#!/usr/bin/env bash
# Runs gloss's whole test suite on a fresh machine: installs what the tests need beyond
# cargo, then runs every test:
# - Debian's chromium (the browser tests: live reload, sidenote layout, axe-core, keyboard),
# - a Java runtime and npm (the Nu Html Checker is a Java program shipped as an npm package),
# - the npm packages pinned in package-lock.json (axe-core, vnu-jar), with `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: cannot install ${need[*]} (not root, no sudo); browser and HTML tests will fail" >&2
  fi
fi
# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; Debian's is used.
# Skipped when node_modules/ already holds what this lock file pins.
if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi

cargo fmt --all -- --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test --all-targets
