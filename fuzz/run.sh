#!/usr/bin/env bash
# Runs one of gloss's fuzz targets for a given time.
#
#   fuzz/run.sh TARGET SECONDS        TARGET: markdown or front_matter
#
# With a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`), this runs
# libFuzzer through `cargo +nightly fuzz run`, with coverage feedback; new interesting
# inputs are added to fuzz/corpus/TARGET/. Without them it runs the same target as a
# plain binary on the stable compiler (src/bin/fuzz-stable.rs): the corpus first, then
# random mutations of it until the time is up. FUZZ_ENGINE=stable or FUZZ_ENGINE=libfuzzer
# chooses explicitly.
#
# A crash is written to fuzz/artifacts/TARGET/ (crash-*; slow-* for an input that took
# over a second). Make each one a test: copy it into tests/fixtures/, or write it as a
# case in tests/it/properties.rs, fix the bug, then add the input to fuzz/corpus/TARGET/ so
# every later run tries it first.
set -euo pipefail
cd "$(dirname "$0")"

target="${1:-}"
seconds="${2:-60}"
case "$target" in
  markdown|front_matter) ;;
  *) echo "usage: fuzz/run.sh markdown|front_matter SECONDS" >&2; exit 2 ;;
esac

engine="${FUZZ_ENGINE:-}"
if [ -z "$engine" ]; then
  if cargo +nightly --version >/dev/null 2>&1 && cargo fuzz --version >/dev/null 2>&1; then
    engine=libfuzzer
  else
    engine=stable
  fi
fi

mkdir -p "artifacts/$target"
if [ "$engine" = libfuzzer ]; then
  echo "running $target with libFuzzer (cargo +nightly fuzz) for ${seconds} s" >&2
  # A copy of the corpus grows with what libFuzzer finds; the committed seeds stay as
  # they are unless you copy new inputs back on purpose.
  work="artifacts/$target/corpus"
  mkdir -p "$work"
  cp -n "corpus/$target/"* "$work/" 2>/dev/null || true
  # gloss is safe Rust: without a sanitizer libFuzzer runs many times faster, and the
  # first highlighted code block (syntect compiling its regexes) stays under -timeout.
  # FUZZ_SANITIZER=address brings AddressSanitizer back, for the dependencies' unsafe code.
  exec cargo +nightly fuzz run --sanitizer "${FUZZ_SANITIZER:-none}" "$target" "$work" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="artifacts/$target/"
else
  echo "running $target as a plain binary (stable, no coverage feedback) for ${seconds} s" >&2
  exec cargo run --quiet --release --no-default-features --features stable --bin fuzz-stable -- \
    "$target" "corpus/$target" --seconds "$seconds"
fi
