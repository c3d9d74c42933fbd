#!/usr/bin/env bash
# Benchmark: `nianbao serve` on 10,000 generated reports (2,000 agencies × 5 years): the time
# from saving one report (temporary file renamed over it) to its changed page being served,
# over several edits, plus the time to the first page served and the resident memory.
# Usage: bash benches/serve.sh [agencies] [years] [edits]
set -euo pipefail
cd "$(dirname "$0")/.."
agencies=${1:-2000}
years=${2:-5}
edits=${3:-15}
cargo build --release --quiet --bin nianbao --example serve_latency
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
./target/release/nianbao corpus "$dir/portal" --agencies "$agencies" --years "$years"
NIANBAO=./target/release/nianbao ./target/release/examples/serve_latency "$dir/portal" "$edits"
