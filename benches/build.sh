#!/usr/bin/env bash
# Benchmark: `nianbao build` of 10,000 generated reports (2,000 agencies × 5 years) with every
# page and download, output on tmpfs (/dev/shm) and on disk; prints hyperfine's figures and
# the peak memory of one run.
# Usage: bash benches/build.sh [agencies] [years]
set -euo pipefail
cd "$(dirname "$0")/.."
agencies=${1:-2000}
years=${2:-5}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
cargo build --release --quiet
dir=$(mktemp -d)
shm=/dev/shm/nianbao-bench-$$
trap 'rm -rf "$dir" "$shm"' EXIT
./target/release/nianbao corpus "$dir/portal" --agencies "$agencies" --years "$years"
bin=./target/release/nianbao
hyperfine --warmup 1 --runs 5 --prepare "rm -rf $shm" "$bin --root $dir/portal build --output $shm"
/usr/bin/time -f "peak memory %M KB, %e s (tmpfs)" "$bin" --root "$dir/portal" build --output "$shm" 
find "$shm" -type f | wc -l | xargs echo "files written:"
hyperfine --warmup 1 --runs 3 --prepare "rm -rf $dir/out" "$bin --root $dir/portal build --output $dir/out"
