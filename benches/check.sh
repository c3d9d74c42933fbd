#!/usr/bin/env bash
# Benchmark: `nianbao check` on 10,000 generated reports (2,000 agencies × 5 years, ~8 KB each).
# Usage: bash benches/check.sh [agencies] [years]
set -euo pipefail
cd "$(dirname "$0")/.."
agencies=${1:-2000}
years=${2:-5}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --quiet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
./target/release/nianbao corpus "$dir/portal" --agencies "$agencies" --years "$years"
du -sh "$dir/portal/content"
./target/release/nianbao --root "$dir/portal" check | tail -n 1
hyperfine --warmup 2 --runs 20 --export-json "$dir/result.json" \
  "./target/release/nianbao --root $dir/portal check"
python3 -c "import json,sys; r=json.load(open('$dir/result.json'))['results'][0]; print(f\"median {r['median']*1000:.0f} ms, mean {r['mean']*1000:.0f} ms, min {r['min']*1000:.0f} ms, max {r['max']*1000:.0f} ms\")"
