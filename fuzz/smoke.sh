#!/usr/bin/env bash
# A short fuzz run of every target, seeded with the repository's reports and broken inputs.
# Usage: bash fuzz/smoke.sh [runs per target]   (CI: 20,000; the documented long run: 10,000,000)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-20000}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --quiet
for target in report import; do
  mkdir -p "corpus/$target"
  cp ../tests/bad/*.md ../tests/fixtures/valid/content/*/*.md ../content/*/*.md "corpus/$target/" 2>/dev/null || true
done
cp ../tests/import/seeds/*.txt corpus/import/ 2>/dev/null || true
for target in report import; do
  # Stable Rust: no sanitizer. -timeout flags any input that takes 3 s (a loaded machine stalls
  # a 90 ms input past 1 s: a false alarm the long run met); -rss_limit_mb
  # any that blows up memory; -max_len lets real reports (8-30 KB) through.
  cargo fuzz run --sanitizer none --release "$target" -- \
    -runs="$runs" -timeout=3 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    "corpus/$target" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|INFO: Done|==|SUMMARY)" || true
  test -z "$(ls -A artifacts/"$target" 2>/dev/null)" || { echo "fuzz: $target found a crash, see fuzz/artifacts/$target"; exit 1; }
done
echo "fuzz smoke run: 2 targets, $runs inputs each, 0 crashes"
