#!/usr/bin/env bash
# Builds a site with two gloss binaries and compares every output byte: the check that an
# optimisation changed nothing gloss writes.
#
#   bench/same-output.sh OLD_GLOSS NEW_GLOSS SITE_DIR...
#
# e.g. keep the binary of the commit before a change, then:
#   bench/same-output.sh /tmp/gloss-before target/release/gloss . /tmp/gloss-bench/gloss-1000
# Exit status 0 when every site's output is identical, 1 when one differs (a diff summary
# is printed).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for site in "$@"; do
  rm -rf "$work/old" "$work/new"
  "$old" --quiet build --root "$site" --output-dir "$work/old"
  "$new" --quiet build --root "$site" --output-dir "$work/new"
  files=$(find "$work/new" -type f | wc -l)
  if diff -r -q "$work/old" "$work/new" >"$work/diff"; then
    echo "same: $site ($files files)"
  else
    echo "DIFFERENT: $site ($(wc -l <"$work/diff") files differ of $files)"
    head -20 "$work/diff"
    status=1
  fi
done
exit $status
